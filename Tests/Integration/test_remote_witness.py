"""Issue 13, point 19, the witness outside the machine: each webhook batch carries
`logWitness`, its newest message's place in the hash chain authenticated with the log's key.
Someone who cuts the log's tail and also removes every local witness (the verified mark, the
snapshots, `log.witness`) leaves a log that verifies clean on its own; the witness the
receiver kept still proves the cut, and a forged one is refused as not authentic."""

import re
import sqlite3

import pytest

from conftest import run_cli
from peers import WebhookReceiver, make_certificate
from test_event_messages import SECRET, advance, configure_webhook, simulate


@pytest.fixture
def certificate(tmp_path):
    return make_certificate(tmp_path / "tls")


def test_a_webhook_batch_witnesses_the_head_where_a_cut_cannot_reach(server_factory, certificate):
    cert, key = certificate
    srv = server_factory(args=["--virtual-clock"])
    with WebhookReceiver(cert, key, SECRET) as hook:
        configure_webhook(srv, hook, cert)
        simulate(srv, "fan_failure", fanStatus=0)
        raised = simulate(srv, "fan_failure", fanStatus=1)
        advance(srv, 300)
        request = hook.wait_for(1)[0]
    assert request["signature_ok"] is True
    batch = request["body"]
    newest = batch["messages"][-1]["position"]
    assert newest == raised["position"], batch
    witness = batch["logWitness"]
    assert re.fullmatch(rf"callplane-witness v1 {newest} [0-9a-f]{{64}} [0-9a-f]{{64}}", witness), witness
    assert witness.split()[3] == srv.get(f"/api/v1/events/{newest}").body["hash"], "the event's own chain hash"
    assert srv.stop() == 0, srv.log_tail()

    def verify(*witnesses):
        args = [a for w in witnesses for a in ("--witness", w)]
        proc = run_cli("events", "verify", "--data-dir", str(srv.data_dir), *args)
        return proc.returncode, proc.stdout + proc.stderr

    assert verify(witness) == (0, verify()[1]), "an intact log agrees with its remote witness"

    # A thorough cut: the tail and every witness the machine itself kept.
    cut = newest - 2
    conn = sqlite3.connect(srv.db_path)
    try:
        conn.execute("DELETE FROM events WHERE position > ?", (cut,))
        conn.execute("DELETE FROM snapshots")
        conn.execute("DELETE FROM integrity_marks")
        conn.commit()
    finally:
        conn.close()
    (srv.data_dir / "log.witness").unlink()
    code, out = verify()
    assert code == 0 and "truncated" not in out, f"locally nothing is left to tell:\n{out}"

    code, out = verify(witness)
    assert code == 1 and f"truncated: head {cut}, witness {newest} (given witness 1)" in out, out

    fields = witness.split()
    fields[3] = "00" * 32
    code, out = verify(" ".join(fields))
    assert code == 1 and "given witness 1 is not authentic" in out, out

    code, out = verify("callplane-witness v1 twelve")
    assert code != 0 and "is not of the form 'callplane-witness v1 <position> <hash hex> <mac hex>'" in out, out
