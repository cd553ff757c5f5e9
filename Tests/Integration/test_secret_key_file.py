"""Issue 14, point 9: a missing or corrupt `secret.key`, and its mode.

The key (`Sources/CallplaneServer/SecretKeyFile.swift`) is base64 of 32 bytes in a file beside
the database; it seals every secret in the log and keys the MACs of snapshots and witnesses.
What an administrator must be able to rely on:

* a corrupt key (garbage, a truncated one, a wrong length, an empty file) stops the server at
  once with a message naming the file and the rule, a non-zero exit, and nothing changed: not
  the key, not the database, not the witness;
* a key readable by others is made owner-only as the server opens it, like the database's
  files (docs/decisions.md: "the database, its WAL and shared memory and the secret key 0600,
  whatever the umask ... tightens an older install's files as it opens");
* a key that has gone missing from a data directory whose log holds sealed secrets is not
  silently replaced: the server says which file is missing, stops, and changes nothing, so
  putting the key back from the backup brings everything back.
"""
from __future__ import annotations

import base64
import hashlib
import os
import stat
import subprocess
import uuid

import pytest

from conftest import ADMIN_PASSWORD, CallplaneServer, eventually, verify_chain
from test_snmp_agent import walk_answers

RULE = "must hold a base64-encoded 32-byte key"


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def fingerprint(srv: CallplaneServer, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Digests of every file in the data directory but net-snmp's own scratch directory and
    the names in `skip`."""
    return {str(p.relative_to(srv.data_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(srv.data_dir.rglob("*"))
            if p.is_file() and "snmp" not in p.relative_to(srv.data_dir).parts and p.name not in skip}


def start_expecting_exit(srv: CallplaneServer, timeout: float = 30.0, while_running=None) -> tuple[int | None, str]:
    """Starts without waiting for /ready; returns the exit status and what this start logged.
    A server still running after `timeout` is stopped (after `while_running(srv)`, if it
    answers /ready) and its status is None."""
    before = srv.log_path.stat().st_size if srv.log_path.exists() else 0
    srv.start(wait=False)
    try:
        rc = srv.proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        rc = None
        if while_running is not None:
            srv.wait_ready()
            while_running(srv)
        srv.stop()
    srv._close_log()
    with open(srv.log_path, "rb") as f:
        f.seek(before)
        text = f.read().decode("utf-8", "replace")
    return rc, text


def stopped_server_with_a_log(server_factory) -> CallplaneServer:
    srv = server_factory()
    srv.create_user("4100", "Key Keeper")
    assert srv.stop() == 0, srv.log_tail()
    return srv


GOOD = base64.b64encode(bytes(range(32))).decode()


@pytest.mark.parametrize("content", [
    b"this is not base64 at all!\n",
    base64.b64encode(os.urandom(20)) + b"\n",  # truncated: 20 of 32 bytes
    base64.b64encode(os.urandom(33)) + b"\n",  # one byte too many
    GOOD[:-10].encode() + b"\n",  # base64 cut short
    b"",  # empty
], ids=["garbage", "20-bytes", "33-bytes", "cut-base64", "empty"])
def test_a_corrupt_key_stops_the_server_naming_file_and_rule_and_changes_nothing(server_factory, content):
    srv = stopped_server_with_a_log(server_factory)
    key_path = srv.data_dir / "secret.key"
    key_path.write_bytes(content)
    before = fingerprint(srv)
    rc, text = start_expecting_exit(srv)
    assert rc is not None, f"the server kept running on a corrupt key:\n{text[-2000:]}"
    assert rc != 0, f"exit 0 on a corrupt key:\n{text[-2000:]}"
    assert str(key_path) in text and RULE in text, f"the message names neither the file nor the rule:\n{text[-2000:]}"
    assert "serving the admin API" not in text, text[-2000:]
    assert fingerprint(srv) == before, "the data directory changed"
    assert key_path.read_bytes() == content


class LooseKeyKept(AssertionError):
    """The key stayed readable by others after the server opened it."""


def test_a_key_readable_by_others_is_made_owner_only(server_factory):
    srv = stopped_server_with_a_log(server_factory)
    key_path = srv.data_dir / "secret.key"
    content = key_path.read_bytes()
    os.chmod(key_path, 0o644)  # as a copy from a backup, or an older install, may leave it
    # The offline check only looks: it reads the key and changes not even its mode.
    proc = verify_chain(srv.data_dir)
    assert proc.returncode == 0 and mode(key_path) == 0o644, (oct(mode(key_path)), proc.stdout + proc.stderr)
    srv.start()
    # The server runs on the same key: nothing sealed before became unreadable.
    assert srv.get(srv.user_path("4100")).status == 200
    assert key_path.read_bytes() == content
    assert srv.stop() == 0, srv.log_tail()
    if mode(key_path) != 0o600:
        raise LooseKeyKept(f"secret.key is still {oct(mode(key_path))} after the server opened it")


class MissingKeyMishandled(AssertionError):
    """The server went on without its key instead of stopping and changing nothing."""


@pytest.mark.parametrize("with_snmp", [False, True], ids=["accounts-only", "snmp-secrets"])
def test_a_missing_key_with_sealed_secrets_in_the_log_stops_the_server_and_changes_nothing(server_factory, with_snmp):
    """Every log holds a sealed secret from its first start (admin's password hash); the SNMP
    case adds the agent's community and v3 passphrases, which the agent must open to start."""
    srv = server_factory()
    community = "lost-key-Kx1"
    if with_snmp:
        r = srv.put("/api/v1/snmp/agent", {"communities": [community], "users": [
            {"name": "nms", "authPassphrase": "lost-key-auth-Kx2", "privPassphrase": "lost-key-priv-Kx3"}],
            "allowedNetworks": ["127.0.0.0/8"]})
        assert r.status == 200, r.describe()
    srv.create_user("4200", "Before The Loss")
    assert srv.stop() == 0, srv.log_tail()
    key_path = srv.data_dir / "secret.key"
    kept = key_path.read_bytes()  # the backup's copy
    key_path.unlink()
    # Opening the log to see that it is not empty may make an empty WAL and shared memory; the
    # events table says whether anything was appended.
    wal = ("callplane.sqlite-wal", "callplane.sqlite-shm")
    before = fingerprint(srv, skip=wal)
    head = srv.read_db("SELECT max(position) FROM events")[0][0]
    problems = []

    def probe(running):
        r = running.open_session("admin", ADMIN_PASSWORD)
        problems.append(f"it served without its key (admin login: {r.describe()[:120]})")

    rc, text = start_expecting_exit(srv, timeout=15.0, while_running=probe)
    if rc == 0:
        problems.append("exit status 0")
    if str(key_path) not in text:
        problems.append("the message does not name the missing key file")
    if key_path.exists():
        problems.append("a new secret.key was made")
        key_path.unlink()
    appended = srv.read_db("SELECT position, type FROM events WHERE position > ?", (head,))
    if appended:
        problems.append(f"events appended without the key: {appended}")
    changed = [name for name, digest in fingerprint(srv, skip=wal).items() if before.get(name) != digest]
    if changed:
        problems.append(f"files changed: {changed}")

    # The key from the backup must bring everything back: the logins (start() logs in as
    # admin), the data, the SNMP agent's sealed community — and writes, with no alarm left over.
    key_path.write_bytes(kept)
    os.chmod(key_path, 0o600)
    srv.start()
    assert srv.get(srv.user_path("4200")).status == 200
    if with_snmp:
        assert eventually("the agent answers the restored community",
                          lambda: walk_answers(srv, version=("-v2c", "-c", community)), timeout=15)
    created = srv.post("/api/v1/users", {"number": "4201", "name": "After The Restore"}, idempotency_key=str(uuid.uuid4()))
    if created.status != 201:
        problems.append(f"a write after restoring the key: {created.describe()}")
    assert srv.stop() == 0, srv.log_tail()
    if problems:
        raise MissingKeyMishandled("; ".join(problems) + f"\n--- exit {rc}, log of that start:\n{text[-1500:]}")
