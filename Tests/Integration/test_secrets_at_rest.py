"""Issue 14, point 5: secrets at rest, read in the bytes on disk rather than through the API.

The API shows every sealed value as "[sealed]" whatever the log holds, so a check through the
API cannot fail. Here every secret the product stores is configured with a distinctive value —
the external destination's webhook secret, the SNMP agent's communities and v3 users'
passphrases, an SNMP destination's community and another's v3 user passphrases, a terminal's
registration password, account passwords — and then the raw files are searched: every row of
every table, the database file, its WAL while the server runs and after it stopped, every other
file in the data directory, and the server's log. No plaintext (nor its base64 or hex) may
appear anywhere. The sealed fields must be AES-GCM ciphertext in the `v1:` form
(`Sources/Domain/SecretBox.swift`: "v1:" + base64(nonce 12 ‖ ciphertext ‖ tag 16)) that opens,
under the key in `secret.key`, to exactly the configured secret (an account's to an scrypt hash
of its password); sealing draws a fresh nonce, so two equal secrets are two different texts and
no nonce is used twice.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import uuid
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from conftest import ADMIN_PASSWORD, CallplaneServer
from test_access_control import create_account, login, logout, set_password

SEALED = re.compile(rb"v1:[A-Za-z0-9+/]{40,}={0,2}")
NONCE, TAG = 12, 16

# Distinctive values, so a substring search means something. Two pairs are equal on purpose:
# the agent's second community is also snmp_1's community, and the agent's second user's auth
# passphrase is also snmp_2's user's.
WEBHOOK_SECRET = "Webhook-Secret-Qx71-ab12cd34ef"
AGENT_COMMUNITY = "agentComm-Qx72"
SHARED_COMMUNITY = "sharedComm-Qx73"
AGENT_USERS = [
    {"name": "nmsA", "authPassphrase": "agentAuthA-Qx74", "privPassphrase": "agentPrivA-Qx75"},
    {"name": "nmsB", "authPassphrase": "sharedAuth-Qx76", "privPassphrase": "agentPrivB-Qx77"},
]
DEST_USER = {"name": "trapper", "authPassphrase": "sharedAuth-Qx76", "privPassphrase": "destPriv-Qx78"}
TERMINAL_PASSWORD = "Terminal-Pass-Qx79"
ACCOUNT_PASSWORDS = {"initial": "Vault-Init.Qx80", "own": "Vault-Own.Qx81"}
SMTP_PASSWORD = "Mailbox-Pass-Qx82"
TRUNK_PASSWORD = "Carrier-Pass-Qx83"
BACKUP_PASSPHRASE = "Backup-Phrase-Qx84"
FTP_PASSWORD = "Nas-Pass-Qx85"

STORED_SECRETS = {  # each is kept sealed, and must open from the log to exactly this
    "webhook secret": WEBHOOK_SECRET,
    "agent community": AGENT_COMMUNITY,
    "agent community = snmp_1 community": SHARED_COMMUNITY,
    "agent user nmsA auth": AGENT_USERS[0]["authPassphrase"],
    "agent user nmsA priv": AGENT_USERS[0]["privPassphrase"],
    "agent user nmsB auth = snmp_2 user auth": AGENT_USERS[1]["authPassphrase"],
    "agent user nmsB priv": AGENT_USERS[1]["privPassphrase"],
    "snmp_2 user priv": DEST_USER["privPassphrase"],
    "terminal password": TERMINAL_PASSWORD,
    "SMTP server password": SMTP_PASSWORD,
    "SIP account password": TRUNK_PASSWORD,
    "backup passphrase": BACKUP_PASSPHRASE,
    "FTP distribution password": FTP_PASSWORD,
}
PASSWORDS = {  # kept only as sealed scrypt hashes
    "admin password": ADMIN_PASSWORD,
    "account initial password": ACCOUNT_PASSWORDS["initial"],
    "account own password": ACCOUNT_PASSWORDS["own"],
}


def _key() -> str:
    return str(uuid.uuid4())


def secret_key(srv: CallplaneServer) -> bytes:
    key = base64.b64decode((srv.data_dir / "secret.key").read_text().strip(), validate=True)
    assert len(key) == 32, f"secret.key holds {len(key)} bytes"
    return key


def open_sealed(key: bytes, text: bytes) -> bytes:
    """Opens one `v1:` text with AES-256-GCM; raises if the tag does not verify."""
    combined = base64.b64decode(text[3:], validate=True)
    assert len(combined) >= NONCE + TAG, f"sealed text too short: {text[:20]!r}"
    return AESGCM(key).decrypt(combined[:NONCE], combined[NONCE:], None)


def scrypt_verifies(encoded: str, password: str) -> bool:
    """`$scrypt$ln=15,r=8,p=1$<salt>$<hash>` (Sources/AccessControl/PasswordHasher.swift)."""
    parts = encoded.split("$")
    if len(parts) != 5 or parts[1] != "scrypt":
        return False
    params = dict(p.split("=") for p in parts[2].split(","))
    salt, want = base64.b64decode(parts[3]), base64.b64decode(parts[4])
    got = hashlib.scrypt(password.encode(), salt=salt, n=2 ** int(params["ln"]), r=int(params["r"]),
                         p=int(params["p"]), maxmem=256 * 1024 * 1024, dklen=len(want))
    return got == want


def needles(secret: str) -> dict[str, bytes]:
    """The secret and the encodings a careless store would use instead of sealing."""
    raw = secret.encode()
    return {"plaintext": raw, "base64": base64.b64encode(raw).rstrip(b"="), "hex": binascii.hexlify(raw)}


def table_rows(srv: CallplaneServer) -> bytes:
    """Every row of every table, each value as bytes (text as UTF-8, blobs as they are)."""
    out = []
    tables = [name for (name,) in srv.read_db("SELECT name FROM sqlite_master WHERE type = 'table'")]
    assert {"events", "snapshots"} <= set(tables), tables
    for table in tables:
        for row in srv.read_db(f'SELECT * FROM "{table}"'):
            for value in row:
                out.append(value if isinstance(value, bytes) else str(value).encode())
    return b"\n".join(out)


def files_of(directory: Path, skip: set[str]) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes()
            for p in sorted(directory.rglob("*")) if p.is_file() and p.name not in skip}


def configure_every_secret(srv: CallplaneServer, ca_file: str, dead_port: int) -> None:
    r = srv.patch("/api/v1/destinations/external", {
        "enabled": True, "webhook": {"primaryUrl": f"https://127.0.0.1:{dead_port}/hook", "secret": WEBHOOK_SECRET,
                                     "caFile": ca_file}})
    assert r.status == 200, r.describe()
    r = srv.put("/api/v1/snmp/agent", {"communities": [AGENT_COMMUNITY, SHARED_COMMUNITY], "users": AGENT_USERS,
                                        "allowedNetworks": ["127.0.0.0/8"]})
    assert r.status == 200, r.describe()
    r = srv.patch("/api/v1/destinations/snmp_1", {"enabled": True, "snmp": {
        "host": "127.0.0.1", "port": dead_port, "notification": "trap", "community": SHARED_COMMUNITY}})
    assert r.status == 200, r.describe()
    r = srv.patch("/api/v1/destinations/snmp_2", {"enabled": True, "snmp": {
        "host": "127.0.0.1", "port": dead_port, "notification": "inform", "user": DEST_USER}})
    assert r.status == 200, r.describe()
    r = srv.post("/api/v1/terminals", {"kind": "standard_sip", "registrationName": "vault-t", "password": TERMINAL_PASSWORD},
                 idempotency_key=_key())
    assert r.status == 201, r.describe()
    r = srv.put("/api/v1/email/smtp", {"host": "127.0.0.1", "port": dead_port, "security": "tls", "authentication": "plain",
                                        "user": "pbx", "password": SMTP_PASSWORD, "sender": "pbx@example.com"})
    assert r.status == 200 and r.body["passwordSet"] is True, r.describe()
    r = srv.put("/api/v1/trunks/providers/1", {"name": "Vault carrier", "host": "127.0.0.1", "port": dead_port,
                                               "registrationRequired": False})
    assert r.status == 200, r.describe()
    r = srv.put("/api/v1/trunks/accounts/1", {"provider": 1, "user": "vault", "password": TRUNK_PASSWORD})
    assert r.status == 200, r.describe()
    r = srv.put("/api/v1/backup/settings", {"passphrase": BACKUP_PASSPHRASE, "ftp": {
        "host": "127.0.0.1", "port": dead_port, "user": "vault", "password": FTP_PASSWORD}})
    assert r.status == 200 and r.body["passphraseSet"] and r.body["ftp"]["passwordSet"], r.describe()
    create_account(srv, "vault", "system_assistant", password=ACCOUNT_PASSWORDS["initial"])
    first = login(srv, "vault", ACCOUNT_PASSWORDS["initial"]).body["token"]
    set_password(srv, "vault", ACCOUNT_PASSWORDS["own"], current=ACCOUNT_PASSWORDS["initial"], token=first)
    logout(srv, login(srv, "vault", ACCOUNT_PASSWORDS["own"]).body["token"])


def test_every_stored_secret_is_ciphertext_in_every_byte_on_disk(server_factory, tmp_path):
    from peers import free_port, make_certificate

    ca_file, _ = make_certificate(tmp_path / "tls")
    srv = server_factory()
    configure_every_secret(srv, ca_file, free_port())
    # The API masks them (so this says nothing of the disk, but a leak here is a leak too).
    shown = json.dumps([srv.get(p).body for p in ("/api/v1/destinations/external", "/api/v1/destinations/snmp_1",
                                                  "/api/v1/destinations/snmp_2", "/api/v1/snmp/agent", "/api/v1/email/smtp",
                                                  "/api/v1/trunks/accounts/1", "/api/v1/backup/settings")])

    # While the server runs, the newest pages are in the WAL.
    running = files_of(srv.data_dir, skip={"secret.key"})
    assert running.get("callplane.sqlite-wal"), f"no WAL while running: {sorted(running)}"
    rows_running = table_rows(srv)
    assert srv.stop() == 0, srv.log_tail()
    stopped = files_of(srv.data_dir, skip={"secret.key"})
    rows_stopped = table_rows(srv)
    key = secret_key(srv)

    haystacks = {"API views": shown.encode(), "rows while running": rows_running, "rows after stop": rows_stopped,
                 "server log": srv.log_path.read_bytes()}
    haystacks.update({f"{name} while running": data for name, data in running.items()})
    haystacks.update({f"{name} after stop": data for name, data in stopped.items()})
    every = {**STORED_SECRETS, **PASSWORDS, "secret.key (base64)": base64.b64encode(key).decode()}
    leaks = [f"{what} ({form}) in {where}"
             for what, secret in every.items() for form, needle in needles(secret).items()
             for where, data in haystacks.items() if needle in data]
    leaks += [f"the raw secret key in {where}" for where, data in haystacks.items() if key in data]
    assert not leaks, "secrets in the clear:\n" + "\n".join(leaks)
    # The store keeps the secret itself, sealed: never the mask the API shows.
    masked = [where for where, data in haystacks.items() if where != "API views" and b"[sealed]" in data]
    assert not masked, f'"[sealed]" stored instead of ciphertext in: {masked}'

    # Every sealed text in the events' payloads: AES-GCM under secret.key, each with its own nonce.
    payloads = srv.read_db("SELECT position, type, payload FROM events ORDER BY position")
    sealed_in_events: dict[bytes, tuple[int, str]] = {}
    for position, type_, payload in payloads:
        for m in SEALED.finditer(payload.encode()):
            sealed_in_events.setdefault(m.group(), (position, type_))
    opened = {text: open_sealed(key, text).decode() for text in sealed_in_events}  # raises if a tag fails
    nonces = [base64.b64decode(t[3:])[:NONCE] for t in opened]
    assert len(set(nonces)) == len(nonces), "a nonce was used twice"
    for text, plain in opened.items():
        assert len(base64.b64decode(text[3:])) == NONCE + len(plain.encode()) + TAG, f"{sealed_in_events[text]}: length"

    by_plaintext: dict[str, list[bytes]] = {}
    for text, plain in opened.items():
        by_plaintext.setdefault(plain, []).append(text)
    missing = [what for what, secret in STORED_SECRETS.items() if secret not in by_plaintext]
    assert not missing, f"not found sealed in the log's payloads: {missing}; opened: " + \
        ", ".join(f"{sealed_in_events[t]}" for t in opened)
    for what, password in PASSWORDS.items():
        hashes = [p for p in opened.values() if p.startswith("$scrypt$")]
        assert any(scrypt_verifies(h, password) for h in hashes), f"{what}: no sealed scrypt hash of it in the log"
    # Equal secrets, sealed apart: different texts (so equal values cannot be told from the database).
    assert len(set(by_plaintext[SHARED_COMMUNITY])) >= 2, by_plaintext[SHARED_COMMUNITY]
    assert len(set(by_plaintext[AGENT_USERS[1]["authPassphrase"]])) >= 2, by_plaintext[AGENT_USERS[1]["authPassphrase"]]

    # The snapshot saved at shutdown holds the same sealed texts as the log (the state keeps
    # secrets sealed), and every secret configured now.
    snapshots = srv.read_db("SELECT kind, position, state FROM snapshots WHERE kind = 'system-state' ORDER BY position DESC")
    assert snapshots, "no system-state snapshot after SIGTERM"
    state = bytes(snapshots[0][2])
    in_snapshot = {m.group() for m in SEALED.finditer(state)}
    strays = in_snapshot - set(opened)
    assert not strays, f"sealed texts in the snapshot that no event holds: {len(strays)}"
    snapshot_plain = {opened[t] for t in in_snapshot}
    absent = [what for what, secret in STORED_SECRETS.items() if secret not in snapshot_plain]
    assert not absent, f"configured secrets missing from the snapshot's sealed texts: {absent}"


class KeyInLog(AssertionError):
    """The secret key itself was written to the server's log."""


def key_forms(key: bytes) -> dict[str, bytes]:
    return {"base64": base64.b64encode(key), "hex": binascii.hexlify(key),
            # Swift's description of a [UInt8], as `String(describing:)` prints a struct's members
            "decimal list": ", ".join(str(b) for b in key[:12]).encode(), "raw": key}


def test_a_debug_log_holds_neither_the_key_nor_a_secret(server_factory, tmp_path):
    """An administrator turns on debug logging to chase a problem and sends the log to someone:
    it must not carry the key that opens every sealed secret, nor a secret."""
    from peers import free_port, make_certificate

    ca_file, _ = make_certificate(tmp_path / "tls")
    srv = server_factory(args=("--log-level", "trace"))
    configure_every_secret(srv, ca_file, free_port())
    assert srv.stop() == 0, srv.log_tail()
    log = srv.log_path.read_bytes()
    assert b" trace " in log or b" debug " in log, "the log level did not take: nothing below info was logged"
    leaks = [f"{what} ({form})" for what, secret in {**STORED_SECRETS, **PASSWORDS}.items()
             for form, needle in needles(secret).items() if needle in log]
    assert not leaks, "secrets in the debug log: " + ", ".join(leaks)
    key = secret_key(srv)
    shown = [form for form, needle in key_forms(key).items() if needle in log]
    if shown:
        line = next(l for l in log.splitlines() if any(n in l for n in key_forms(key).values()))
        raise KeyInLog(f"the secret key is in the server log as {shown}: {line[:300]!r}")
