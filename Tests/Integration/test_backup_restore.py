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
import signal
import subprocess
import time
import uuid

from conftest import BIN, cli_output, run_cli, verify_chain
from peers import SyslogCollector
from test_event_messages import configure_syslog, simulate

PASSPHRASE = "a long enough backup passphrase"


def _manifest(output: str) -> dict[str, str]:
    """The lines `name<TAB>value` the backup commands print."""
    return dict(line.split("\t", 1) for line in output.splitlines() if "\t" in line)


def _back_up(data_dir, archive) -> dict[str, str]:
    """`callplane backup create` of `data_dir` into `archive`; the manifest it prints."""
    made = run_cli("backup", "create", "--data-dir", str(data_dir), "-o", str(archive), "--passphrase-stdin",
                   input=PASSPHRASE + "\n")
    assert made.returncode == 0, cli_output(made)
    return _manifest(made.stdout)


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
        manifest = _back_up(srv.data_dir, archive)
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
    _back_up(srv.data_dir, archive)
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


def _fill(srv, count: int) -> None:
    """Many events quickly: simulated event messages, one request each."""
    for i in range(count):
        simulate(srv, "test_event_message")


# Kill points spread over a run of the debug build on this machine, then one run left to finish
# (None): on a loaded machine every kill may land before the end, and the last run still shows
# the finished outcome.
DELAYS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1.0, None)


def _killed_after(delay: float | None, *args: str) -> None:
    """Runs `callplane ARGS --passphrase-stdin` and kills it with SIGKILL after `delay` seconds
    (or lets it finish)."""
    proc = subprocess.Popen([str(BIN), *args, "--passphrase-stdin"], stdin=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    proc.stdin.write((PASSPHRASE + "\n").encode())
    proc.stdin.close()
    if delay is None:
        assert proc.wait(timeout=120) == 0
        return
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def test_kill9_during_backup_leaves_no_archive_that_looks_valid(server_factory, tmp_path):
    srv = server_factory()
    _fill(srv, 600)
    # Killed at points spread over the backup's run (decrypting nothing yet, sealing, zipping,
    # renaming): the final name either does not exist or holds a whole, verifying archive.
    outcomes = set()
    for delay in DELAYS:
        archive = tmp_path / f"killed-{delay}.zip"
        _killed_after(delay, "backup", "create", "--data-dir", str(srv.data_dir), "-o", str(archive))
        outcomes.add(archive.exists())
        if archive.exists():
            checked = run_cli("backup", "verify", str(archive), "--passphrase-stdin", input=PASSPHRASE + "\n")
            assert checked.returncode == 0, f"a killed backup left {archive.name} that does not verify:\n{cli_output(checked)}"
    # A kill at once leaves nothing, the run left alone an archive.
    assert outcomes == {False, True}, outcomes
    # The next backup of a name clears what a killed one left under it.
    last = tmp_path / "killed-0.0.zip"
    if not last.exists():
        _back_up(srv.data_dir, last)
        assert not [p.name for p in tmp_path.iterdir() if p.name.startswith("killed-0.0.zip.partial")]


def test_kill9_during_restore_leaves_the_old_or_the_new_state(server_factory, tmp_path):
    """The archive is of another system (forced), with its own key: a mix of the two — the new
    log with the old key, or half the files moved — would not start, or would start on neither
    state."""
    other = server_factory(name="other")
    _fill(other, 600)
    archive = tmp_path / "other.zip"
    new = _back_up(other.data_dir, archive)
    new_head = int(new["head"].split()[0])
    assert other.stop() == 0

    srv = server_factory()
    for i in range(5):
        assert srv.create_user(f"5{i:02d}", f"Old {i}").status == 201
    assert srv.stop() == 0
    pristine = tmp_path / "pristine"
    shutil.copytree(srv.data_dir, pristine)

    outcomes = set()
    for delay in DELAYS:
        shutil.rmtree(srv.data_dir)
        shutil.copytree(pristine, srv.data_dir)
        _killed_after(delay, "backup", "restore", str(archive), "--data-dir", str(srv.data_dir), "--force")
        srv.start()
        users = {u["number"] for u in srv.get("/api/v1/users").body["users"]}
        if users >= {f"5{i:02d}" for i in range(5)}:
            outcomes.add("old")
        else:
            assert users.isdisjoint({f"5{i:02d}" for i in range(5)}), f"a mix of both systems' users: {users}"
            assert srv.get(f"/api/v1/state/hash?position={new_head}").body["hash"] == new["state"]
            outcomes.add("new")
        assert verify_chain(srv.data_dir).returncode == 0
        assert srv.stop() == 0
    # Killed at once it is the old state, left alone the new one.
    assert outcomes == {"old", "new"}, outcomes
