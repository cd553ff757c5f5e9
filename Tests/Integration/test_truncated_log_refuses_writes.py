"""Issue 13, point 19: a log whose tail was cut while the server was stopped still has a valid
chain, but not the head its witnesses saw. `callplane events verify` reports
"truncated: head N, witness M"; the server starts, raises the critical event message
`log_integrity_violated`, serves reads and refuses writes with 503 `log_integrity_unacknowledged`
until an administrator acknowledges (recorded with actor and source), after which writes work
and the next start is quiet."""

import re
import sqlite3
import uuid


def test_truncated_log_refuses_writes(server_factory, verify):
    srv = server_factory()
    for i in range(5):
        r = srv.create_user(f"60{i}", f"Kept {i}")
        assert r.status == 201, r.describe()
    rc = srv.stop()  # moves the verified mark and the witness file to the final head
    assert rc == 0, srv.log_tail()
    witnessed = srv.read_db("SELECT max(position) FROM events")[0][0]
    assert (srv.data_dir / "log.witness").exists()

    cut = witnessed - 3
    conn = sqlite3.connect(srv.db_path)
    try:
        conn.execute("DELETE FROM events WHERE position > ?", (cut,))
        conn.commit()
    finally:
        conn.close()

    proc = verify(srv.data_dir)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, f"verify must fail on a cut tail: exit {proc.returncode}\n{out}"
    assert f"chain intact: {cut} events, head position {cut}" in out, out
    assert re.search(rf"truncated: head {cut}, witness {witnessed} \(", out), out

    # An attacker who also removes what the database itself witnessed: the file still tells.
    conn = sqlite3.connect(srv.db_path)
    try:
        conn.execute("DELETE FROM snapshots")
        conn.execute("DELETE FROM integrity_marks")
        conn.commit()
    finally:
        conn.close()
    out = verify(srv.data_dir).stdout
    assert f"truncated: head {cut}, witness {witnessed} (witness file)" in out, out

    srv.start()
    log = srv.log_path.read_text(errors="replace")
    assert "critical" in log and "does not match its hash chain or its witnesses" in log, srv.log_tail()

    status = srv.get("/api/v1/audit/integrity")
    assert status.status == 200 and status.body["trusted"] is False, status.describe()
    assert status.body["finding"].startswith(f"truncated: head {cut}, witness {witnessed}"), status.body

    refused = srv.post("/api/v1/users", {"number": "699", "name": "Refused"}, idempotency_key=str(uuid.uuid4()))
    assert refused.status == 503, refused.describe()
    assert refused.body["code"] == "log_integrity_unacknowledged", refused.body
    assert srv.get("/api/v1/users").status == 200, "reads must go on"
    active = srv.get("/api/v1/event-messages/active").body["active"]
    alarm = [m for m in active if m["type"] == "log_integrity_violated"]
    assert alarm and alarm[0]["severity"] == "critical", active

    proc = srv.cli("audit", "integrity")
    assert proc.returncode == 1 and "truncated" in proc.stdout, proc.stdout + proc.stderr
    proc = srv.cli("audit", "acknowledge")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    m = re.search(r"acknowledged at position (\d+)", proc.stdout)
    assert m, proc.stdout
    record = srv.get(f"/api/v1/events/{m.group(1)}").body
    assert record["actor"] == "admin" and record["source"].startswith("127.0.0.1"), record
    assert "log_integrity_acknowledged" in str(record["payload"]), record

    assert srv.get("/api/v1/audit/integrity").body["trusted"] is True
    srv.create_user("699", "Accepted")
    active = srv.get("/api/v1/event-messages/active").body["active"]
    assert not [m for m in active if m["type"] == "log_integrity_violated"], active

    srv.restart()
    assert srv.get("/api/v1/audit/integrity").body["trusted"] is True, srv.log_tail()
    srv.create_user("698", "After restart")
