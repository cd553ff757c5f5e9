"""Issue 18: a backup of a running server, the data directory removed, a restore by replay on a
fresh directory — the same state, the same data through the API, the same chain, and no event
message sent again — and archives that must be refused, each with its own message, changing
nothing.

The backup and the restore are the command-line tool's (`callplane backup create|restore`), the
peer of the event messages a real TCP syslog collector on 127.0.0.1.
"""

from __future__ import annotations

import hashlib
import shutil
import uuid

from conftest import cli_output, run_cli
from peers import SyslogCollector
from test_event_messages import configure_syslog, simulate

PASSPHRASE = "a long enough backup passphrase"


def _manifest(output: str) -> dict[str, str]:
    """The lines `name<TAB>value` the backup commands print."""
    return dict(line.split("\t", 1) for line in output.splitlines() if "\t" in line)


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _positions(collector: SyslogCollector) -> list[int]:
    return [int(m["sd"]["callplane@32473"]["position"]) for m in collector.messages]


def test_backup_while_running_then_restore_on_a_fresh_directory(server_factory, tmp_path, verify):
    with SyslogCollector("tcp") as collector:
        srv = server_factory()
        ident = srv.put("/api/v1/system/identity", {"name": "Backup PBX"}, idempotency_key=str(uuid.uuid4()))
        assert ident.status == 200, ident.describe()
        for i in range(12):
            assert srv.create_user(f"3{i:02d}", f"User {i}", email=f"u{i}@example.com").status == 201
        assert srv.create_terminal("desk-1", userNumber="300").status == 201
        configure_syslog(srv, "local_1", collector)
        simulate(srv, "test_event_message")
        simulate(srv, "fan_failure", fanStatus=0)
        collector.wait_for(2)

        archive = tmp_path / "backup.zip"
        made = run_cli("backup", "create", "--data-dir", str(srv.data_dir), "-o", str(archive), "--passphrase-stdin",
                       input=PASSPHRASE + "\n")
        assert made.returncode == 0, cli_output(made)
        manifest = _manifest(made.stdout)
        head = int(manifest["head"].split()[0])
        # The manifest's state hash is the running server's at the backup's head.
        assert srv.get(f"/api/v1/state/hash?position={head}").body["hash"] == manifest["state"]
        users = srv.get("/api/v1/users").body["users"]
        terminals = srv.get("/api/v1/terminals").body["terminals"]
        sent = _positions(collector)
        assert sent and max(sent) <= head

        # Life goes on after the backup; the restore brings back the backup's state, not this.
        assert srv.create_user("399", "After the backup").status == 201
        assert srv.stop() == 0
        shutil.rmtree(srv.data_dir)

        checked = run_cli("backup", "verify", str(archive), "--passphrase-stdin", input=PASSPHRASE + "\n")
        assert checked.returncode == 0, cli_output(checked)
        assert _manifest(checked.stdout)["state"] == manifest["state"]

        restored = run_cli("backup", "restore", str(archive), "--data-dir", str(srv.data_dir), "--passphrase-stdin",
                           input=PASSPHRASE + "\n")
        assert restored.returncode == 0, cli_output(restored)
        assert verify(srv.data_dir).returncode == 0

        received_before_start = len(collector.messages)
        srv.start()
        # The same administrator (the log's password, the archive's key) and the same data.
        assert srv.get(f"/api/v1/state/hash?position={head}").body["hash"] == manifest["state"]
        assert srv.get("/api/v1/users").body["users"] == users
        assert srv.get("/api/v1/terminals").body["terminals"] == terminals
        events = srv.all_events()
        assert [e["position"] for e in events[:head]] == list(range(1, head + 1))
        # Right after the archive's events, the log records the restore: who, which backup.
        record = events[head]
        assert (record["type"], record["actor"], record["payload"]["archive"], record["payload"]["head"]) == \
            ("backup.restored", "cli", "backup.zip", head), record
        # Nothing before the head is sent again: the start's own restart message reaches the
        # collector (so its outbox runs), and no position at or below the head comes with it.
        restart = [e for e in events if e["position"] > head and e["type"] == "eventmessage.occurred"]
        assert restart, "the restart raised no event message"
        collector.wait_for(received_before_start + 1, timeout=20)
        again = [p for p in _positions(collector)[received_before_start:] if p <= head]
        assert again == [], f"event messages sent again after the restore: positions {again}"


def test_refused_archives_change_nothing(server_factory, tmp_path):
    srv = server_factory()
    for i in range(3):
        assert srv.create_user(f"4{i:02d}", f"User {i}").status == 201
    archive = tmp_path / "backup.zip"
    made = run_cli("backup", "create", "--data-dir", str(srv.data_dir), "-o", str(archive), "--passphrase-stdin",
                   input=PASSPHRASE + "\n")
    assert made.returncode == 0, cli_output(made)
    assert srv.create_user("499", "After").status == 201
    assert srv.stop() == 0

    data = bytearray(archive.read_bytes())
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(data[: len(data) // 2])
    flipped = tmp_path / "flipped.zip"
    data[len(data) // 2] ^= 0x40
    flipped.write_bytes(bytes(data))
    cases = [
        (truncated, PASSPHRASE, "the backup is truncated"),
        (flipped, PASSPHRASE, "the backup was changed or damaged"),
        (archive, "not the right passphrase", "wrong backup key: the passphrase does not open this archive"),
    ]
    before = _digest(srv.db_path)
    for path, passphrase, message in cases:
        refused = run_cli("backup", "restore", str(path), "--data-dir", str(srv.data_dir), "--passphrase-stdin",
                          input=passphrase + "\n")
        assert refused.returncode != 0, cli_output(refused)
        assert message in refused.stderr, cli_output(refused)
        assert _digest(srv.db_path) == before
        assert sorted(p.name for p in srv.data_dir.iterdir() if "restor" in p.name) == []

    # While the server runs, a restore is refused by the data directory's lock.
    srv.start()
    busy = run_cli("backup", "restore", str(archive), "--data-dir", str(srv.data_dir), "--passphrase-stdin",
                   input=PASSPHRASE + "\n")
    assert busy.returncode != 0 and "in use by another Callplane process" in busy.stderr, cli_output(busy)
    assert srv.get("/api/v1/users/499").status == 200
