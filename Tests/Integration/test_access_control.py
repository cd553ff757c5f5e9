"""Access control (issue 4) over real HTTP: logins and the first-start password, the password
rules and history, lock-out, the access log, automatic exit, rights of every operation of the
OpenAPI document, capacity, the audit trail, tamper evidence, secrets, remote maintenance,
session limits and the CLI's login. The contract is docs/access-control.md (manual §5.1-§5.4, §3.1.2).
"""
from __future__ import annotations

import json
import re
import sqlite3
import stat
import time
import uuid
from datetime import datetime
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
import yaml

from conftest import (eventually, ADMIN_NAME, ADMIN_PASSWORD, DEFAULT_ADMIN_PASSWORD, CallplaneServer, cli_output,
                      http_request, run_cli)

SPEC_PATH = Path(__file__).resolve().parents[2] / "Sources" / "AdminAPI" / "openapi.yaml"
AREAS = ["system", "users", "terminals", "event_messages", "user_access_control", "maintenance", "audit"]
INITIAL = "Initial-Pass.1"  # what an administrator gives a new account
OWN = "Own-Choice.2"  # what the account then chooses


def _key() -> str:
    return str(uuid.uuid4())


def code(r) -> str | None:
    return r.body.get("code") if isinstance(r.body, dict) else None


def details(r) -> dict:
    d = r.body.get("details") if isinstance(r.body, dict) else None
    return d if isinstance(d, dict) else {}


def login(srv: CallplaneServer, name: str, password: str, interface: str | None = None, status: int = 201):
    r = srv.open_session(name, password, interface)
    assert r.status == status, f"login {name!r} ({interface or 'default'}): expected {status}, {r.describe()}"
    return r


def patient_login(srv: CallplaneServer, name: str, password: str, status: int, source: str | None = None) -> tuple:
    """A login that waits as long as the throttle asks (issue 13, point 16), on the server's
    virtual clock, advanced with the harness's own session. Returns the answer and how often it
    was told to wait."""
    waits = 0
    while True:
        r = srv.open_session(name, password, source=source)
        if r.status != 429:
            break
        waits += 1
        assert code(r) == "too_many_attempts" and int(r.headers["retry-after"]) >= 1, r.describe()
        advanced = srv.post("/api/v1/clock/advance", {"seconds": int(r.headers["retry-after"])})
        assert advanced.status == 200, advanced.describe()
    assert r.status == status, f"login {name!r}: expected {status}, {r.describe()}"
    return r, waits


def logout(srv: CallplaneServer, token: str) -> None:
    r = srv.delete("/api/v1/session", token=token)
    assert r.status == 204, f"DELETE /api/v1/session: {r.describe()}"


def account(srv: CallplaneServer, name: str) -> dict:
    r = srv.get(f"/api/v1/accounts/{quote(name, safe='')}")
    assert r.status == 200, f"GET account {name!r}: {r.describe()}"
    return r.body


def set_password(srv, name, new, current=None, token=None, status=200):
    body = {"newPassword": new}
    if current is not None:
        body["currentPassword"] = current
    kw = {} if token is None else {"token": token}
    r = srv.put(f"/api/v1/accounts/{quote(name, safe='')}/password", body, idempotency_key=_key(), **kw)
    assert r.status == status, f"PUT password of {name!r} to {new!r}: expected {status}, {r.describe()}"
    return r


def usable(srv, token) -> str | None:
    """The token if its session still runs."""
    return token if srv.get("/api/v1/session", token=token).status == 200 else None


def create_account(srv: CallplaneServer, name: str, profile: str, password: str = INITIAL):
    r = srv.post("/api/v1/accounts", {"name": name, "profile": profile, "password": password}, idempotency_key=_key())
    assert r.status == 201, f"POST /api/v1/accounts {name!r} ({profile}): {r.describe()}"
    assert r.body["mustChangePassword"] is True and r.body["name"] == name and r.body["profile"] == profile, r.body
    return r.body


def new_account(srv: CallplaneServer, name: str, profile: str, final: str = OWN) -> str:
    """Creates an account, logs in with the initial password, sets `final` as its own password
    and logs in again; returns that session's token."""
    create_account(srv, name, profile)
    first = login(srv, name, INITIAL).body
    assert first["mustChangePassword"] is True, first
    set_password(srv, name, final, current=INITIAL, token=first["token"])
    srv.delete("/api/v1/session", token=first["token"])  # whatever it answers: a clean start
    again = login(srv, name, final).body
    assert again["mustChangePassword"] is False, again
    return again["token"]


def change_own(srv, name, token, current, new) -> str:
    """Sets the account's own password; returns a token that works afterwards."""
    set_password(srv, name, new, current=current, token=token)
    return usable(srv, token) or login(srv, name, new).body["token"]


def sealed_problems(node, path="payload") -> list[str]:
    """Fields named like a password, hash or secret that hold anything but "[sealed]"."""
    out = []
    if isinstance(node, dict):
        for k, v in node.items():
            here = f"{path}.{k}"
            if re.search(r"password|hash|secret", k, re.I) and isinstance(v, (str, list, dict)):
                values = v if isinstance(v, list) else [v]
                if any(x != "[sealed]" for x in values):
                    out.append(f"{here} = {v!r}")
                continue
            out += sealed_problems(v, here)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += sealed_problems(v, f"{path}[{i}]")
    return out


def audit_all(srv, token=None, **filters) -> list[dict]:
    out, after = [], 0
    kw = {} if token is None else {"token": token}
    for _ in range(1000):
        r = srv.get("/api/v1/audit?" + urlencode({**filters, "after": after, "limit": 1000}), **kw)
        assert r.status == 200, f"GET /api/v1/audit {filters}: {r.describe()}"
        out += r.body["events"]
        nxt = r.body.get("next")
        if nxt is None or not r.body["events"]:
            return out
        after = int(nxt)
    raise AssertionError("audit paging never ended")


def positions_in(text: str) -> list[int]:
    return [int(m.group(1)) for m in re.finditer(r"^\s*(\d+)\b", text, re.M)]


# --------------------------------------------------------------------------------------------
# Login and the first-start password


def test_default_admin_must_change_its_password(server_factory):
    srv = server_factory(login=False)
    assert srv.get("/api/v1/users", token=None).status == 401

    r = login(srv, ADMIN_NAME, DEFAULT_ADMIN_PASSWORD)
    body = r.body
    assert body["mustChangePassword"] is True, body
    assert (body["account"], body["profile"], body["level"], body["remote"], body["idleTimeoutSeconds"]) == \
        ("admin", "administrator", "administrator", False, 900), body
    token = body["token"]
    assert isinstance(token, str) and len(token) >= 16, body
    cookie = r.headers.get("set-cookie", "")
    assert cookie.startswith(f"callplane_session={token}"), cookie
    attrs = {a.strip().lower() for a in cookie.split(";")[1:]}
    assert {"path=/", "httponly", "secure", "samesite=strict"} <= attrs, cookie

    # Everything but the session itself and the own password: 403 password_change_required.
    for method, path in (("GET", "/api/v1/users"), ("GET", "/api/v1/accounts"), ("GET", "/api/v1/events"),
                         ("PUT", "/api/v1/system/identity")):
        body = {"name": "Not Yet"} if method == "PUT" else None
        g = srv.request(method, path, body, token=token) if body else srv.request(method, path, token=token)
        assert g.status == 403 and code(g) == "password_change_required", f"{method} {path}: {g.describe()}"
    s = srv.get("/api/v1/session", token=token)
    assert s.status == 200 and s.body["mustChangePassword"] is True and "token" not in s.body, s.describe()
    assert s.body["account"] == "admin" and s.body.get("since") and s.body.get("lastActivity"), s.body

    wrong = set_password(srv, "admin", ADMIN_PASSWORD, current="not-the-password", token=token, status=403)
    assert code(wrong) == "wrong_password", wrong.describe()
    changed = set_password(srv, "admin", ADMIN_PASSWORD, current=DEFAULT_ADMIN_PASSWORD, token=token)
    assert changed.body["mustChangePassword"] is False and changed.body["name"] == "admin", changed.body
    assert not {"password", "passwordHash", "hash"} & set(changed.body), changed.body

    # The same call with the same session now answers.
    g = srv.get("/api/v1/users", token=token)
    assert g.status == 200, f"GET /api/v1/users after the change, same token: {g.describe()}"
    # The cookie alone authenticates too.
    c = srv.get("/api/v1/users", token=None, headers={"Cookie": f"callplane_session={token}"})
    assert c.status == 200, f"cookie only: {c.describe()}"

    assert code(login(srv, "admin", DEFAULT_ADMIN_PASSWORD, status=401)) == "login_failed"
    fresh = login(srv, "admin", ADMIN_PASSWORD).body
    assert fresh["mustChangePassword"] is False, fresh
    # Unknown name and wrong password: the same answer.
    a = login(srv, "nobody", "Whatever-1.x", status=401)
    b = login(srv, "admin", "Whatever-1.x", status=401)
    assert code(a) == code(b) == "login_failed" and a.body["message"] == b.body["message"], (a.body, b.body)

    # Logout kills the token; no or an unknown token is 401 unauthenticated.
    logout(srv, fresh["token"])
    dead = srv.get("/api/v1/users", token=fresh["token"])
    assert dead.status == 401 and code(dead) == "unauthenticated", dead.describe()
    for tok in (None, "not-a-token"):
        r = srv.get("/api/v1/users", token=tok)
        assert r.status == 401 and code(r) == "unauthenticated", r.describe()
    srv.delete("/api/v1/session", token=token)


# --------------------------------------------------------------------------------------------
# Password rules (§5.3.1.3): each refused with its own code, nothing changed

RULES_ACCOUNT = "Ops-Admin1"  # long enough that a password equal to it breaks only that rule
RULES_PASSWORD = "Rules-Pass.1"
RULE_CASES = [
    ("password_length", "Ab1-xyz"),  # 7 characters
    ("password_length", "Ab1-" + "x" * 252),  # 256 characters
    ("password_characters", "Abcdéf-12"),  # a diacritic
    ("password_characters", "Grüße-Pass1"),  # umlauts
    ("password_default", "password"),
    ("password_user_name", "oPS-ADMIN1"),  # the account's name in another case
    ("password_uppercase", "lower-case-1"),
    ("password_lowercase", "UPPER-CASE-1"),
    ("password_digit", "No-Digits-Here"),
    ("password_special", "NoSpecial123"),
    ("password_history", RULES_PASSWORD),  # the current one
]


@pytest.fixture(scope="module")
def rules_server(tmp_path_factory):
    base = tmp_path_factory.mktemp("rules")
    srv = CallplaneServer(base / "data", base / "server.log")
    srv.start()
    token = new_account(srv, RULES_ACCOUNT, "receptionist", final=RULES_PASSWORD)
    yield srv, token
    if srv.running:
        srv.stop()


@pytest.mark.parametrize("rule, candidate", RULE_CASES, ids=[f"{r}-{i}" for i, (r, _) in enumerate(RULE_CASES)])
def test_each_password_rule_has_its_own_code(rules_server, rule, candidate):
    srv, token = rules_server
    before = account(srv, RULES_ACCOUNT)
    head = srv.head()
    r = set_password(srv, RULES_ACCOUNT, candidate, current=RULES_PASSWORD, token=token, status=422)
    assert code(r) == rule, f"{candidate!r}: expected {rule}, got {r.describe()}"
    assert isinstance(r.body.get("message"), str) and r.body["message"], r.body
    assert srv.head() == head, "a refused password change appended events"
    assert account(srv, RULES_ACCOUNT)["version"] == before["version"]
    assert usable(srv, token), "the session ended after a refused change"


def test_password_rules_for_another_account_too(rules_server):
    """An administrator setting another account's password meets the same rules."""
    srv, _ = rules_server
    head = srv.head()
    for rule, candidate in (("password_default", "password"), ("password_special", "NoSpecial123"),
                            ("password_user_name", "OPS-admin1")):
        r = set_password(srv, RULES_ACCOUNT, candidate, status=422)
        assert code(r) == rule, r.describe()
    assert srv.head() == head


def test_password_history_of_four(server):
    srv = server
    name = "historian"
    p = ["Hist-Pass.1", "Hist-Pass.2", "Hist-Pass.3", "Hist-Pass.4", "Hist-Pass.5"]
    token = new_account(srv, name, "receptionist", final=p[0])
    current = p[0]
    for nxt in p[1:]:
        token = change_own(srv, name, token, current, nxt)
        current = nxt
    # The last 4 (P2..P5, P5 the current one) are refused; nothing changes.
    version = account(srv, name)["version"]
    for old in p[1:]:
        r = set_password(srv, name, old, current=current, token=token, status=422)
        assert code(r) == "password_history", f"re-using {old!r}: {r.describe()}"
    assert account(srv, name)["version"] == version
    # The fifth-oldest is accepted again.
    token = change_own(srv, name, token, current, p[0])
    login(srv, name, p[0])
    assert code(login(srv, name, p[4], status=401)) == "login_failed"


# --------------------------------------------------------------------------------------------
# Lock-out after 15 failures in a row


def test_fifteen_failures_block_the_account(server_factory):
    srv = server_factory(args=["--virtual-clock"])
    name = "lockme"
    token = new_account(srv, name, "receptionist", final="Lock-Good.1")
    logout(srv, token)

    # 14 failures, then a success: not blocked, and the count starts again. The throttle makes
    # each failure after the fifth wait longer than the one before (virtual time here).
    waits = 0
    for _ in range(14):
        r, waited = patient_login(srv, name, "Wrong-Pass.9", 401)
        assert code(r) == "login_failed"
        waits += waited
    assert waits >= 9, "failures 6 to 14 each had to wait"
    a = account(srv, name)
    assert a["blocked"] is False and a["failedAttempts"] == 14, a
    logout(srv, patient_login(srv, name, "Lock-Good.1", 201)[0].body["token"])
    a = account(srv, name)
    assert a["blocked"] is False and a["failedAttempts"] == 0, a

    # 15 in a row block it.
    for i in range(15):
        r, _ = patient_login(srv, name, f"Wrong-Pass.{i}", 401)
        assert code(r) == "login_failed", f"attempt {i + 1}: {r.describe()}"
    a = account(srv, name)
    assert a["blocked"] is True and a["failedAttempts"] == 15, a
    # Blocked: the same answer whatever the password, so guessing on tells nothing (point 16).
    blocked, _ = patient_login(srv, name, "Lock-Good.1", 403)
    wrong, _ = patient_login(srv, name, "Wrong-Pass.99", 403)
    assert code(blocked) == code(wrong) == "account_blocked", blocked.describe()
    assert blocked.body == wrong.body
    newest = srv.get(f"/api/v1/accounts/{name}/access-log").body["entries"][0]
    assert newest["success"] is False and newest["reason"] == "blocked", newest

    # An administrator sets a new password: unblocked, and it must be changed at the next login.
    r = set_password(srv, name, "Lock-Reset.2")
    assert r.body["blocked"] is False and r.body["mustChangePassword"] is True, r.body
    # (This address guessed 17 times: it waits, whoever's password it brings.)
    after = patient_login(srv, name, "Lock-Reset.2", 201)[0].body
    assert after["mustChangePassword"] is True, after
    assert code(patient_login(srv, name, "Lock-Good.1", 401)[0]) == "login_failed"


def test_a_flood_of_guesses_is_throttled_and_spares_the_administrator(server):
    """Issue 13, point 16: 64 concurrent guesses from one address get 429 with Retry-After
    before anything is hashed or recorded — at most the free five are checked — and an account
    under guesses from many addresses is throttled for new ones but not for the address its
    owner logged in from."""
    from concurrent.futures import ThreadPoolExecutor
    srv = server
    recorded = len(srv.all_events(type="account.access"))
    with ThreadPoolExecutor(64) as pool:
        answers = list(pool.map(lambda i: srv.open_session("admin", f"Guess-{i}.x", source="127.0.0.2"), range(64)))
    statuses = sorted(a.status for a in answers)
    assert set(statuses) <= {401, 429} and statuses.count(401) <= 5 and statuses.count(429) >= 59, statuses
    assert all(code(a) == "too_many_attempts" and int(a.headers["retry-after"]) >= 1 for a in answers if a.status == 429)
    assert len(srv.all_events(type="account.access")) - recorded == statuses.count(401), "a throttled guess is not recorded"
    # The administrator, at the address they logged in from, is not kept out.
    logout(srv, login(srv, "admin", ADMIN_PASSWORD).body["token"])

    # Guesses on one account from several addresses: after ten, a new address waits too.
    name = "guessed"
    logout(srv, new_account(srv, name, "receptionist", final="Guessed-Good.1"))
    failures = 0
    for source in ("127.0.0.3", "127.0.0.4", "127.0.0.5"):
        for i in range(5):
            if failures == 12:
                break
            while (r := srv.open_session(name, f"Wrong-Pass.{i}", source=source)).status == 429:
                time.sleep(int(r.headers["retry-after"]))
            assert r.status == 401, r.describe()
            failures += 1
    elsewhere = srv.open_session(name, "Guessed-Good.1", source="127.0.0.6")
    assert elsewhere.status == 429 and code(elsewhere) == "too_many_attempts", elsewhere.describe()
    assert login(srv, name, "Guessed-Good.1").status == 201, "the owner's own address is not throttled"
    assert account(srv, name)["failedAttempts"] == 0


# --------------------------------------------------------------------------------------------
# Access log: the last 20 attempts


def test_access_log_keeps_the_last_twenty(server):
    srv = server
    name = "logme"
    create_account(srv, name, "receptionist")
    attempts = []  # (interface sent, interface expected, success)
    for i in range(23):
        kind = i % 4
        interface = {0: None, 1: "api", 2: "api", 3: "webadmin"}[kind]
        success = kind in (0, 2)
        r = srv.open_session(name, INITIAL if success else f"Wrong-Pass.{i}", interface)
        assert r.status == (201 if success else 401), f"attempt {i}: {r.describe()}"
        if success:
            logout(srv, r.body["token"])  # stay below the sessions-per-level limit
        attempts.append((interface or "webadmin", success))

    r = srv.get(f"/api/v1/accounts/{name}/access-log")
    assert r.status == 200, r.describe()
    assert r.body["account"] == name, r.body
    entries = r.body["entries"]
    assert len(entries) == 20, f"{len(entries)} entries: {entries}"
    expected = list(reversed(attempts))[:20]  # newest first
    got = [(e["interface"], e["success"]) for e in entries]
    assert got == expected, f"\nexpected {expected}\ngot      {got}"
    assert [e["reason"] for e in entries] == ["ok" if s else "wrong_password" for _, s in expected]
    assert all("127.0.0.1" in e["source"] for e in entries), [e["source"] for e in entries]
    times = [datetime.fromisoformat(e["at"].replace("Z", "+00:00")) for e in entries]
    assert times == sorted(times, reverse=True), times


# --------------------------------------------------------------------------------------------
# Automatic exit (§5.3.2)


def test_idle_timeout_ends_a_session(server_factory):
    srv = server_factory(args=["--virtual-clock"])
    s = srv.get("/api/v1/access-control/settings")
    assert s.status == 200 and s.body["idleTimeoutMinutes"] == 15, s.describe()
    for bad in (0, 481):
        r = srv.patch("/api/v1/access-control/settings", {"idleTimeoutMinutes": bad}, idempotency_key=_key())
        assert r.status == 422 and code(r) == "out_of_range", f"{bad}: {r.describe()}"
        assert details(r).get("limit") == "session_idle_timeout_minutes", r.body
    r = srv.patch("/api/v1/access-control/settings", {"idleTimeoutMinutes": 1}, idempotency_key=_key())
    assert r.status == 200 and r.body["idleTimeoutMinutes"] == 1, r.describe()

    idle = new_account(srv, "idle-a", "receptionist")  # the session left alone
    busy_login = login(srv, "idle-a", OWN).body  # a second session, kept busy
    assert busy_login["idleTimeoutSeconds"] == 60, busy_login
    busy = busy_login["token"]
    assert srv.get("/api/v1/users", token=idle).status == 200

    def advance(seconds):
        r = srv.post("/api/v1/clock/advance", {"seconds": seconds})  # the admin's session
        assert r.status == 200, r.describe()

    advance(40)
    assert srv.get("/api/v1/users", token=busy).status == 200
    advance(21)  # `idle` has now been idle for 61 s, `busy` for 21 s, the admin for 21 s
    expired = srv.get("/api/v1/users", token=idle)
    assert srv.get("/api/v1/users", token=busy).status == 200
    assert srv.get("/api/v1/users").status == 200, "the admin's session was active 21 s ago"
    assert srv.get("/api/v1/users", token=idle).status == 401, "an expired session came back"
    assert expired.status == 401 and code(expired) == "session_expired", expired.describe()


# --------------------------------------------------------------------------------------------
# Rights of every operation

SPEC_RIGHTS = {
    ("GET", "/health"): "public", ("GET", "/ready"): "public", ("GET", "/metrics"): "public",
    ("POST", "/api/v1/session"): "public",
    ("GET", "/api/v1/session"): "authenticated", ("DELETE", "/api/v1/session"): "authenticated",
    ("PUT", "/api/v1/accounts/{name}/password"): "authenticated",
    ("GET", "/api/v1/state"): "system:read", ("GET", "/api/v1/state/hash"): "system:read",
    ("GET", "/api/v1/capacity"): "system:read", ("GET", "/api/v1/system/identity"): "system:read",
    ("GET", "/api/v1/reactors"): "system:read",
    ("PUT", "/api/v1/system/identity"): "system:write",
    ("GET", "/api/v1/users"): "users:read", ("GET", "/api/v1/users/{number}"): "users:read",
    ("POST", "/api/v1/users"): "users:write", ("PUT", "/api/v1/users/{number}"): "users:write",
    ("DELETE", "/api/v1/users/{number}"): "users:write",
    ("GET", "/api/v1/users/export"): "users:read", ("POST", "/api/v1/users/import"): "users:write",
    ("GET", "/api/v1/users/{number}/telephony"): "users:read", ("PATCH", "/api/v1/users/{number}/telephony"): "users:write",
    ("GET", "/api/v1/message-groups"): "users:read", ("GET", "/api/v1/message-groups/{group}"): "users:read",
    ("PUT", "/api/v1/message-groups/{group}"): "users:write", ("DELETE", "/api/v1/message-groups/{group}"): "users:write",
    ("GET", "/api/v1/terminals"): "terminals:read", ("GET", "/api/v1/terminals/{id}"): "terminals:read",
    ("POST", "/api/v1/terminals"): "terminals:write", ("PATCH", "/api/v1/terminals/{id}"): "terminals:write",
    ("DELETE", "/api/v1/terminals/{id}"): "terminals:write",
    ("GET", "/api/v1/terminals/export"): "terminals:read", ("POST", "/api/v1/terminals/import"): "terminals:write",
    ("GET", "/api/v1/registrations"): "terminals:read",
    ("GET", "/api/v1/calls"): "terminals:read", ("GET", "/api/v1/calls/history"): "terminals:read",
    ("GET", "/api/v1/events"): "audit:read", ("GET", "/api/v1/events/feed"): "audit:read",
    ("GET", "/api/v1/events/{position}"): "audit:read",
    ("GET", "/api/v1/event-types"): "event_messages:read", ("GET", "/api/v1/event-types/{key}"): "event_messages:read",
    ("GET", "/api/v1/event-tables/{table}"): "event_messages:read",
    ("GET", "/api/v1/destinations"): "event_messages:read",
    ("GET", "/api/v1/destinations/{destination}"): "event_messages:read",
    ("GET", "/api/v1/event-messages/active"): "event_messages:read",
    ("GET", "/api/v1/event-messages/status"): "event_messages:read",
    ("GET", "/api/v1/event-messages/feed"): "event_messages:read",
    ("GET", "/api/v1/event-messages/log"): "event_messages:read",
    ("GET", "/api/v1/event-messages/power-failures"): "event_messages:read",
    ("PATCH", "/api/v1/event-tables/{table}"): "event_messages:write",
    ("PATCH", "/api/v1/destinations/{destination}"): "event_messages:write",
    ("POST", "/api/v1/destinations/{destination}/test"): "event_messages:write",
    ("PUT", "/api/v1/destination-kinds/{kind}"): "event_messages:write",
    ("POST", "/api/v1/event-messages"): "event_messages:write",
    ("POST", "/api/v1/event-messages/active/{messageNumber}/confirm"): "event_messages:write",
    ("POST", "/api/v1/clock/advance"): "maintenance:write",
    ("GET", "/api/v1/remote-maintenance"): "maintenance:read", ("PUT", "/api/v1/remote-maintenance"): "maintenance:write",
    ("GET", "/api/v1/accounts"): "user_access_control:read", ("GET", "/api/v1/accounts/{name}"): "user_access_control:read",
    ("GET", "/api/v1/accounts/{name}/access-log"): "user_access_control:read",
    ("GET", "/api/v1/profiles"): "user_access_control:read", ("GET", "/api/v1/profiles/{id}"): "user_access_control:read",
    ("GET", "/api/v1/access-control/settings"): "user_access_control:read",
    ("POST", "/api/v1/accounts"): "user_access_control:write",
    ("PATCH", "/api/v1/accounts/{name}"): "user_access_control:write",
    ("DELETE", "/api/v1/accounts/{name}"): "user_access_control:write",
    ("POST", "/api/v1/profiles"): "user_access_control:write", ("PUT", "/api/v1/profiles/{id}"): "user_access_control:write",
    ("DELETE", "/api/v1/profiles/{id}"): "user_access_control:write",
    ("PATCH", "/api/v1/access-control/settings"): "user_access_control:write",
    ("GET", "/api/v1/audit"): "audit:read", ("GET", "/api/v1/audit/verify"): "audit:read",
    ("GET", "/api/v1/audit/integrity"): "audit:read", ("POST", "/api/v1/audit/integrity/acknowledge"): "system:write",
    ("GET", "/api/v1/snmp/agent"): "system:read", ("PUT", "/api/v1/snmp/agent"): "system:write",
    ("GET", "/api/v1/tls/certificate"): "system:read", ("PUT", "/api/v1/tls/certificate"): "system:write",
    ("GET", "/api/v1/sip/dos-protection"): "system:read", ("PUT", "/api/v1/sip/dos-protection"): "system:write",
    ("GET", "/api/v1/emergency-numbers"): "system:read", ("PUT", "/api/v1/emergency-numbers"): "system:write",
    ("GET", "/api/v1/trunks/providers"): "system:read", ("GET", "/api/v1/trunks/providers/{provider}"): "system:read",
    ("PUT", "/api/v1/trunks/providers/{provider}"): "system:write", ("DELETE", "/api/v1/trunks/providers/{provider}"): "system:write",
    ("GET", "/api/v1/trunks/accounts"): "system:read", ("GET", "/api/v1/trunks/accounts/{account}"): "system:read",
    ("PUT", "/api/v1/trunks/accounts/{account}"): "system:write", ("DELETE", "/api/v1/trunks/accounts/{account}"): "system:write",
    ("GET", "/api/v1/trunks/registrations"): "system:read",
    ("GET", "/api/v1/trunks/routing"): "system:read", ("PUT", "/api/v1/trunks/routing"): "system:write",
    ("GET", "/api/v1/media/relay"): "system:read", ("PUT", "/api/v1/media/relay"): "system:write",
    ("GET", "/api/v1/email/smtp"): "event_messages:read", ("PUT", "/api/v1/email/smtp"): "event_messages:write",
    ("GET", "/api/v1/atas"): "event_messages:read",
    ("GET", "/api/v1/trunks/ddi-plan"): "system:read", ("PUT", "/api/v1/trunks/ddi-plan"): "system:write",
    ("GET", "/api/v1/backup/settings"): "maintenance:read", ("PUT", "/api/v1/backup/settings"): "maintenance:write",
    ("GET", "/api/v1/srm"): "maintenance:read", ("PUT", "/api/v1/srm"): "maintenance:write",
    ("POST", "/api/v1/backup/distribution/test"): "maintenance:write",
    ("POST", "/api/v1/system/first-start"): "maintenance:write",
    ("GET", "/api/v1/backups"): "maintenance:read", ("POST", "/api/v1/backups"): "maintenance:write",
    ("GET", "/api/v1/backups/{folder}/{name}"): "maintenance:write", ("DELETE", "/api/v1/backups/{folder}/{name}"): "maintenance:write",
    ("POST", "/api/v1/backups/{folder}/{name}/restore"): "maintenance:write",
}
PATH_SAMPLES = {"number": "101", "id": "1", "destination": "local_1", "kind": "local", "table": "3",
                "key": "server_restarted", "name": "admin", "messageNumber": "1", "position": "1", "group": "16"}


def _operations() -> list[dict]:
    with open(SPEC_PATH) as f:
        spec = yaml.safe_load(f)
    ops = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method not in ("get", "put", "post", "patch", "delete", "head", "options"):
                continue
            concrete = re.sub(r"\{(\w+)\}", lambda m: PATH_SAMPLES.get(m.group(1), "1"), path)
            sse = "text/event-stream" in json.dumps(op.get("responses", {}))
            ops.append({"method": method.upper(), "path": path, "concrete": concrete, "sse": sse,
                        "right": op.get("x-callplane-right"), "id": op.get("operationId"),
                        "body": "requestBody" in op})
    return ops


def _probe(srv, op, token, body=None):
    """(status, body) of one request; a 200 server-sent-events answer is closed at once."""
    if op["sse"]:
        with srv.stream(op["concrete"], token=token, timeout=10) as s:
            if s.status == 200:
                return 200, None
            raw = s.resp.read()
            try:
                return s.status, json.loads(raw)
            except ValueError:
                return s.status, raw
    headers = {"Idempotency-Key": _key()} if op["method"] != "GET" else {}
    if op["body"]:
        r = srv.request(op["method"], op["concrete"], body if body is not None else {}, headers=headers, token=token)
    else:
        r = srv.request(op["method"], op["concrete"], headers=headers, token=token)
    return r.status, r.body


def test_the_document_states_the_right_of_every_operation():
    ops = _operations()
    stated = {(o["method"], o["path"]): o["right"] for o in ops}
    missing = sorted(k for k, v in stated.items() if v is None)
    assert not missing, f"operations without x-callplane-right: {missing}"
    wrong = sorted(f"{k}: document {stated[k]!r}, contract {v!r}" for k, v in SPEC_RIGHTS.items()
                   if k in stated and stated[k] != v)
    absent = sorted(k for k in SPEC_RIGHTS if k not in stated)
    extra = sorted(k for k in stated if k not in SPEC_RIGHTS)
    assert not (wrong or absent or extra), f"wrong {wrong}\nnot in the document {absent}\nnot in the contract {extra}"


def test_every_operation_checks_its_right(server_factory):
    srv = server_factory(args=["--virtual-clock"])
    ops = _operations()
    assert len(ops) >= len(SPEC_RIGHTS), len(ops)
    problems: list[str] = []

    # Accounts whose profile has every area at write except one: `no-X` lacks area X, `ro-X`
    # has it at read.
    names: dict[tuple[str, str], str] = {}
    for area in AREAS:
        for flavour in ("no", "ro"):
            areas = {a: "write" for a in AREAS if a != area}
            if flavour == "ro":
                areas[area] = "read"
            pid = f"{flavour}-{area}"
            r = srv.post("/api/v1/profiles", {"id": pid, "name": f"All but {area} ({flavour})", "areas": areas,
                                              "interfaces": ["webadmin_api"], "fileAccess": "none"},
                         idempotency_key=_key())
            assert r.status == 201, f"POST /api/v1/profiles {pid}: {r.describe()}"
            name = pid.replace("_", "-")
            token = new_account(srv, name, pid)
            logout(srv, token)
            names[(flavour, area)] = name

    head = srv.head()
    for op in ops:
        what = f"{op['method']} {op['concrete']} ({op['id']}, {op['right']})"
        if op["right"] == "public":
            if op["id"] == "createSession" or (op["method"], op["path"]) == ("POST", "/api/v1/session"):
                status, body = _probe(srv, op, None, {"name": ADMIN_NAME, "password": ADMIN_PASSWORD})
                if status == 201:
                    logout(srv, body["token"])
            else:
                status, body = _probe(srv, op, None)
            if status == 401:
                problems.append(f"{what}: a public operation answered 401 without a token: {body}")
            continue
        for tok in (None, "no-such-session-token"):
            status, body = _probe(srv, op, tok)
            c = body.get("code") if isinstance(body, dict) else None
            if status != 401 or c != "unauthenticated":
                problems.append(f"{what} with token {tok!r}: {status} {c}, expected 401 unauthenticated — {str(body)[:200]}")
    head_after_anonymous = srv.head()

    for area in AREAS:
        for flavour in ("no", "ro"):
            name = names[(flavour, area)]
            token = login(srv, name, OWN).body["token"]
            for op in ops:
                right = op["right"] or ""
                if ":" not in right or right.split(":")[0] != area:
                    continue
                level = right.split(":")[1]
                what = f"{op['method']} {op['concrete']} ({right}) as {name}"
                status, body = _probe(srv, op, token)
                c = body.get("code") if isinstance(body, dict) else None
                d = body.get("details") if isinstance(body, dict) else None
                if flavour == "ro" and level == "read":
                    if status in (401, 403):  # the area at read is enough
                        problems.append(f"{what}: refused with read access: {status} {str(body)[:200]}")
                    continue
                if status != 403 or c != "forbidden" or not isinstance(d, dict) or d.get("right") != right:
                    problems.append(f"{what}: {status} {c} {d}, expected 403 forbidden right {right}")
            if area == "user_access_control":  # another account's password needs user_access_control:write
                r = srv.put("/api/v1/accounts/admin/password", {"newPassword": "Not-Allowed.9"}, token=token,
                            idempotency_key=_key())
                if r.status != 403 or code(r) != "forbidden" or details(r).get("right") != "user_access_control:write":
                    problems.append(f"PUT /api/v1/accounts/admin/password as {name}: {r.describe()[:200]}")
            s = srv.get("/api/v1/session", token=token)
            if s.status != 200:
                problems.append(f"GET /api/v1/session as {name}: {s.describe()[:200]}")
            logout(srv, token)

    # Refused requests leave no trace; the logins (one of them the public POST /api/v1/session
    # probe) record their attempts, and nothing else may be in the log.
    events = srv.all_events(after=head)
    changes = [e for e in events if e["type"] != "account.access"]
    if changes:
        problems.append(f"refused requests appended events: {[(e['position'], e['type'], e['actor']) for e in changes][:10]}")
    anonymous = [e for e in events if e["position"] <= head_after_anonymous]
    if len(anonymous) != 1:  # only the probe's own login
        problems.append(f"requests without a session appended {[(e['position'], e['type']) for e in anonymous]}")
    assert not problems, f"{len(problems)} authorization problems:\n" + "\n".join(problems)


# --------------------------------------------------------------------------------------------
# Accounts and profiles: rules and capacity (§5.3.1.1, §3.1.2)


def test_account_rules_and_the_26th_account(server):
    srv = server
    problems: list[str] = []
    head = srv.head()
    for body, status, c, field in [
        ({"name": "bad_name", "profile": "receptionist", "password": INITIAL}, 422, "invalid_field", "name"),
        ({"name": "x" * 26, "profile": "receptionist", "password": INITIAL}, 422, "invalid_field", "name"),
        ({"name": "", "profile": "receptionist", "password": INITIAL}, 422, "invalid_field", "name"),
        ({"name": "ADMIN", "profile": "receptionist", "password": INITIAL}, 409, "account_exists", None),
        ({"name": "no profile", "profile": "no_such_profile", "password": INITIAL}, 422, "invalid_field", "profile"),
    ]:
        r = srv.post("/api/v1/accounts", body, idempotency_key=_key())
        if r.status != status or code(r) != c or (field and details(r).get("field") != field):
            problems.append(f"POST /api/v1/accounts {body}: expected {status} {c} {field or ''}, got {r.describe()}")
    for method, body in (("DELETE", None), ("PATCH", {"profile": "receptionist"})):
        r = srv.request(method, "/api/v1/accounts/admin", body, idempotency_key=_key()) if body else \
            srv.request(method, "/api/v1/accounts/admin", idempotency_key=_key())
        if r.status != 409 or code(r) != "account_predefined":
            problems.append(f"{method} /api/v1/accounts/admin {body or ''}: expected 409 account_predefined, got {r.describe()}")
    if srv.head() != head:
        problems.append("refused account commands appended events")

    ok_name = "Front desk 1 ?/<>-+*#=.,"  # every allowed special character, 24 characters
    create_account(srv, ok_name, "receptionist")
    listed = [a["name"] for a in srv.get("/api/v1/accounts").body["accounts"]]
    for i in range(25 - len(listed)):
        create_account(srv, f"cap {i:02d}", "receptionist")
    listed = srv.get("/api/v1/accounts").body["accounts"]
    assert len(listed) == 25 and "admin" in [a["name"] for a in listed], len(listed)
    assert all(not {"password", "passwordHash", "hash"} & set(a) for a in listed), listed[0]

    head = srv.head()
    r = srv.post("/api/v1/accounts", {"name": "one too many", "profile": "receptionist", "password": INITIAL},
                 idempotency_key=_key())
    assert r.status == 409 and code(r) == "capacity_exceeded", r.describe()
    assert details(r).get("limit") == "user_accounts" and str(details(r).get("max")) == "25", r.body
    assert "user_accounts" in r.body["message"], r.body
    assert srv.head() == head
    assert srv.get("/api/v1/accounts/one%20too%20many").status == 404

    d = srv.delete("/api/v1/accounts/cap%2000", idempotency_key=_key())
    assert d.status == 204, d.describe()
    create_account(srv, "one too many", "receptionist")

    # `admin` stays as it is even when another account could manage accounts (last, since a
    # server that let it change would leave the harness without rights).
    d = srv.delete("/api/v1/accounts/cap%2001", idempotency_key=_key())
    assert d.status == 204, d.describe()
    create_account(srv, "second admin", "administrator")
    r = srv.patch("/api/v1/accounts/admin", {"profile": "receptionist"}, idempotency_key=_key())
    if r.status != 409 or code(r) != "account_predefined":
        problems.append(f"PATCH /api/v1/accounts/admin with a second administrator account: expected 409 "
                        f"account_predefined, got {r.describe()}")
    elif (r := srv.delete("/api/v1/accounts/admin", idempotency_key=_key())).status != 409 or \
            code(r) != "account_predefined":
        problems.append(f"DELETE /api/v1/accounts/admin with a second administrator account: {r.describe()}")
    assert not problems, "\n".join(problems)


PREDEFINED = {
    "administrator": ("Administrator", "administrator", {a: "write" for a in AREAS},
                      {"webadmin_api", "remote_maintenance", "csta", "atas", "snmp_write"}, "read_write"),
    "administrator_standard": ("Administrator (standard mode)", "administrator_standard",
                               {"system": "write", "users": "write", "terminals": "write", "event_messages": "write",
                                "maintenance": "write", "audit": "read"},
                               {"webadmin_api", "remote_maintenance"}, "read"),
    "system_assistant": ("System assistant", "system_assistant",
                         {"users": "write", "terminals": "write", "system": "read", "event_messages": "read"},
                         {"webadmin_api"}, "none"),
    "hospitality_administrator": ("Hospitality administrator", "hospitality_administrator",
                                  {"users": "write", "system": "read", "terminals": "read"}, {"webadmin_api"}, "none"),
    "receptionist": ("Receptionist", "receptionist", {"users": "read"}, {"webadmin_api"}, "none"),
    "cloudlink": ("Outside application (CloudLink access)", "outside_application",
                  {"system": "read", "users": "read", "terminals": "read"}, {"webadmin_api", "csta"}, "read_write"),
}


def test_profiles_predefined_rules_and_capacity(server):
    srv = server
    r = srv.get("/api/v1/profiles")
    assert r.status == 200, r.describe()
    got = {p["id"]: p for p in r.body["profiles"]}
    assert set(got) == set(PREDEFINED), sorted(got)
    for pid, (name, level, areas, interfaces, file_access) in PREDEFINED.items():
        p = got[pid]
        shown = {k: v for k, v in p["areas"].items() if v not in (None, "none")}
        assert (p["name"], p["level"], shown, set(p["interfaces"]), p["fileAccess"], p["predefined"]) == \
            (name, level, areas, interfaces, file_access, True), p
    for r in (srv.put("/api/v1/profiles/receptionist", {"name": "X", "areas": {}, "interfaces": ["webadmin_api"]},
                      idempotency_key=_key()),
              srv.delete("/api/v1/profiles/receptionist", idempotency_key=_key())):
        assert r.status == 409 and code(r) == "profile_predefined", r.describe()

    base = {"areas": {"users": "read"}, "interfaces": ["webadmin_api"], "fileAccess": "none"}
    r = srv.post("/api/v1/profiles", {"id": "desk", "name": "Desk", **base}, idempotency_key=_key())
    assert r.status == 201 and r.body["predefined"] is False, r.describe()
    create_account(srv, "desk user", "desk")
    r = srv.delete("/api/v1/profiles/desk", idempotency_key=_key())
    assert r.status == 409 and code(r) == "profile_in_use", r.describe()
    r = srv.put("/api/v1/profiles/desk", {"name": "Desk 2", "areas": {"users": "write"}, "interfaces": ["webadmin_api"]},
                idempotency_key=_key())
    assert r.status == 200 and r.body["areas"].get("users") == "write" and r.body["name"] == "Desk 2", r.describe()
    bad = srv.post("/api/v1/profiles", {"id": "Bad Id!", "name": "Bad", **base}, idempotency_key=_key())
    assert bad.status == 422, bad.describe()

    for i in range(25 - 6 - 1):
        r = srv.post("/api/v1/profiles", {"id": f"p{i:02d}", "name": f"P {i}", **base}, idempotency_key=_key())
        assert r.status == 201, f"profile {i}: {r.describe()}"
    head = srv.head()
    r = srv.post("/api/v1/profiles", {"id": "p-too-many", "name": "Too many", **base}, idempotency_key=_key())
    assert r.status == 409 and code(r) == "capacity_exceeded", r.describe()
    assert details(r).get("limit") == "authorization_profiles" and str(details(r).get("max")) == "25", r.body
    assert srv.head() == head


# --------------------------------------------------------------------------------------------
# Audit trail


def test_audit_by_actor_and_time_window(server):
    srv = server
    alice = new_account(srv, "alice", "system_assistant", final="Alice-Pass.1")
    bob = new_account(srv, "bob", "system_assistant", final="Bob-Pass.1")

    def as_(token, method, path, body=None):
        kw = {"idempotency_key": _key()}
        r = srv.request(method, path, body, token=token, **kw) if body is not None else \
            srv.request(method, path, token=token, **kw)
        assert r.status in (200, 201, 204), f"{method} {path}: {r.describe()}"
        return r.position

    steps = [
        (alice, "POST", "/api/v1/users", {"number": "5101", "name": "Alice One"}),
        (bob, "POST", "/api/v1/users", {"number": "5201", "name": "Bob One"}),
        (alice, "POST", "/api/v1/users", {"number": "5102", "name": "Alice Two"}),  # window starts here
        (bob, "PUT", "/api/v1/users/5201", {"name": "Bob One B"}),
        (alice, "PUT", "/api/v1/users/5101", {"name": "Alice One B"}),
        (bob, "POST", "/api/v1/terminals", {"kind": "standard_sip", "registrationName": "bob-t", "password": "bob-term-pass1"}),
        (alice, "DELETE", "/api/v1/users/5102", None),
        (bob, "POST", "/api/v1/users", {"number": "5202", "name": "Bob Two"}),  # window ends before this
        (alice, "POST", "/api/v1/users", {"number": "5103", "name": "Alice Three"}),
    ]
    positions = [as_(*s) for s in steps]
    log = {e["position"]: e for e in srv.all_events()}
    since, until = log[positions[2]], log[positions[7]]

    for actor in ("alice", "bob"):
        everything = [e for e in log.values() if e["actor"] == actor]
        assert everything, f"no events with actor {actor}"
        got = audit_all(srv, actor=actor)
        assert [e["position"] for e in got] == [e["position"] for e in everything], (actor, got)
        assert [(e["id"], e["hash"]) for e in got] == [(e["id"], e["hash"]) for e in everything]

        window = [e for e in everything if since["at"] <= e["at"] < until["at"]]
        got = audit_all(srv, actor=actor, since=since["time"], until=until["time"])
        assert [e["position"] for e in got] == [e["position"] for e in window], \
            f"{actor} in [{since['time']}, {until['time']}): {[e['position'] for e in got]} vs {[e['position'] for e in window]}"
        assert all(e["actor"] == actor for e in got)
    alice_window = [p for p in positions[2:7] if log[p]["actor"] == "alice"]
    assert [e["position"] for e in audit_all(srv, actor="alice", since=since["time"], until=until["time"])] == alice_window

    # Areas: users = user.*, user_access_control = account.*/profile.*/accesscontrol.*.
    users = audit_all(srv, area="users")
    assert [e["position"] for e in users] == [p for p, e in sorted(log.items()) if e["type"].startswith("user.")]
    uac = audit_all(srv, area="user_access_control")
    assert [e["position"] for e in uac] == [p for p, e in sorted(log.items())
                                            if e["type"].split(".")[0] in ("account", "profile", "accesscontrol")]
    assert any(e["type"] == "account.password.set" and e["actor"] == "alice" for e in uac)

    # The CLI shows the same.
    proc = srv.cli("audit", "query", "--actor", "alice")
    assert proc.returncode == 0, cli_output(proc)
    assert positions_in(proc.stdout) == [p for p, e in sorted(log.items()) if e["actor"] == "alice"], proc.stdout
    assert all("alice" in line for line in proc.stdout.splitlines() if re.match(r"^\s*\d+\b", line)), proc.stdout
    proc = srv.cli("audit", "query", "--actor", "alice", "--since", since["time"], "--until", until["time"])
    assert proc.returncode == 0, cli_output(proc)
    assert positions_in(proc.stdout) == alice_window, proc.stdout


def test_tampered_row_is_detected(server_factory):
    srv = server_factory()
    for i in range(4):
        srv.create_user(f"81{i}", f"Honest {i}")
    assert srv.stop() == 0, srv.log_tail()

    ok = run_cli("audit", "verify", "--data-dir", str(srv.data_dir))
    assert ok.returncode == 0, cli_output(ok)

    conn = sqlite3.connect(srv.db_path)
    try:
        created = [p for (p,) in conn.execute("SELECT position FROM events WHERE type = 'user.created' ORDER BY position")]
        target = created[2]
        (payload,) = conn.execute("SELECT payload FROM events WHERE position = ?", (target,)).fetchone()
        text = payload.decode() if isinstance(payload, bytes) else payload
        data = json.loads(text)
        data["name"] = "Mallory"
        forged = json.dumps(data, sort_keys=True, separators=(",", ":"))
        conn.execute("UPDATE events SET payload = ? WHERE position = ?",
                     (forged.encode() if isinstance(payload, bytes) else forged, target))
        conn.commit()
    finally:
        conn.close()

    proc = run_cli("audit", "verify", "--data-dir", str(srv.data_dir))
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, f"audit verify after tampering:\n{cli_output(proc)}"
    assert re.search(rf"\b{target}\b", out), f"position {target} not named:\n{out}"

    # The server still starts on a tampered log (observed; the contract does not ask it to
    # refuse), and its own check says the log is broken there.
    srv.start()
    r = srv.get("/api/v1/audit/verify")
    assert r.status == 200, r.describe()
    assert r.body["intact"] is False and r.body["firstBroken"] == target, r.body
    assert isinstance(r.body.get("reason"), str) and r.body["reason"], r.body
    online = srv.cli("audit", "verify")
    assert online.returncode == 1 and re.search(rf"\b{target}\b", online.stdout + online.stderr), cli_output(online)


# --------------------------------------------------------------------------------------------
# Secrets


def test_no_secret_leaks(server_factory):
    srv = server_factory(login=False)
    secrets: list[str] = [ADMIN_PASSWORD]
    first = login(srv, "admin", DEFAULT_ADMIN_PASSWORD).body["token"]
    set_password(srv, "admin", ADMIN_PASSWORD, current=DEFAULT_ADMIN_PASSWORD, token=first)
    srv.admin_password = ADMIN_PASSWORD
    tokens = [first]
    logout(srv, first)
    srv.login()
    tokens.append(srv.token)

    passwords = {"init": "Leak-Init.42", "own": "Leak-Own.43", "reset": "Leak-Reset.44", "wrong": "Leak-Wrong.45",
                 "refused": "leak-refused-47", "terminal": "Leak-Terminal-46"}
    secrets += passwords.values()
    create_account(srv, "leaky", "system_assistant", password=passwords["init"])
    t = login(srv, "leaky", passwords["init"]).body["token"]
    tokens.append(t)
    set_password(srv, "leaky", passwords["refused"], current=passwords["init"], token=t, status=422)
    set_password(srv, "leaky", passwords["own"], current=passwords["init"], token=t)
    login(srv, "leaky", passwords["wrong"], status=401)
    t2 = login(srv, "leaky", passwords["own"]).body["token"]
    tokens.append(t2)
    srv.create_user("4900", "Leak User")
    r = srv.post("/api/v1/terminals", {"kind": "standard_sip", "registrationName": "leak-t", "password": passwords["terminal"]},
                 token=t2, idempotency_key=_key())
    assert r.status == 201, r.describe()
    logout(srv, t2)
    set_password(srv, "leaky", passwords["reset"])  # by the administrator
    t3 = login(srv, "leaky", passwords["reset"]).body["token"]
    tokens.append(t3)

    texts: dict[str, str] = {}
    texts["metrics"] = http_request(srv.port, "GET", "/metrics").raw.decode("utf-8", "replace")
    head = srv.head()
    pages, after = [], 0
    while True:
        r = srv.get(f"/api/v1/events?after={after}&limit=1000")
        pages.append(r.raw.decode())
        if r.body.get("next") is None or not r.body["events"]:
            break
        after = r.body["next"]
    texts["events"] = "\n".join(pages)
    texts["audit"] = srv.get("/api/v1/audit?limit=1000").raw.decode()
    texts["accounts"] = srv.get("/api/v1/accounts").raw.decode() + srv.get("/api/v1/accounts/leaky").raw.decode()
    texts["access log"] = srv.get("/api/v1/accounts/leaky/access-log").raw.decode()
    feed = []
    with srv.sse(after=0) as s:
        while True:
            m = s.next_event(timeout=10)
            assert m is not None, "feed ended early"
            feed.append(m.data)
            if m.position >= head:
                break
    texts["event feed"] = "\n".join(feed)
    logout(srv, t3)
    srv.logout()
    assert srv.stop() == 0
    texts["server log"] = srv.log_path.read_text("utf-8", "replace")
    for path in sorted(srv.data_dir.glob("callplane.sqlite*")):
        texts[f"database file {path.name}"] = path.read_bytes().decode("latin-1")

    leaks = [f"{where}: {'token' if s in tokens else 'password'} {s[:6]}…"
             for where, text in texts.items() for s in secrets + tokens if s in text]
    assert not leaks, "secrets in the clear:\n" + "\n".join(leaks)

    events = [json.loads(d) for d in feed]
    assert len(events) == head
    unsealed = [f"{e['position']} {e['type']}: {p}" for e in events for p in sealed_problems(e["payload"])]
    assert not unsealed, "\n".join(unsealed)
    assert any(e["type"] == "account.password.set" for e in events)
    assert sum(e["type"] == "account.access" for e in events) >= 5


# --------------------------------------------------------------------------------------------
# Remote maintenance (§5.4)


def _view_messages(srv) -> list[dict]:
    r = srv.get("/api/v1/event-messages/log")
    assert r.status == 200, r.describe()
    return r.body["messages"]


def test_remote_maintenance(server):
    srv = server
    create_account(srv, "desk", "receptionist")
    r = srv.get("/api/v1/remote-maintenance")
    assert r.status == 200 and r.body["mode"] == "barred" and r.body["enabled"] is False, r.describe()

    head = srv.head()
    log_before = srv.get("/api/v1/accounts/admin/access-log").body["entries"]
    barred = login(srv, "admin", ADMIN_PASSWORD, interface="remote", status=403)
    assert code(barred) == "remote_maintenance_barred", barred.describe()
    assert srv.head() == head, "a barred remote login was recorded"
    assert srv.get("/api/v1/accounts/admin/access-log").body["entries"] == log_before

    seen = {m["number"] for m in _view_messages(srv)}
    r = srv.put("/api/v1/remote-maintenance", {"mode": "one_off"}, idempotency_key=_key())
    assert r.status == 200 and r.body["mode"] == "one_off" and r.body["enabled"] is True, r.describe()
    assert srv.get("/api/v1/remote-maintenance").body["mode"] == "one_off"
    enabled = eventually("remote_maintenance_enabled is in the event log view", lambda: [
        m for m in _view_messages(srv) if m["number"] not in seen and m["type"] == "remote_maintenance_enabled"])
    assert len(enabled) == 1, enabled

    # A profile without the remote_maintenance right may not log in remotely.
    nope = login(srv, "desk", INITIAL, interface="remote", status=403)
    assert code(nope) == "interface_not_permitted", nope.describe()

    remote = login(srv, "admin", ADMIN_PASSWORD, interface="remote").body
    assert remote["remote"] is True, remote
    assert srv.get("/api/v1/users", token=remote["token"]).status == 200
    assert srv.get("/api/v1/access-control/settings", token=remote["token"]).status == 200
    entry = srv.get("/api/v1/accounts/admin/access-log").body["entries"][0]
    assert entry["interface"] == "remote" and entry["success"] is True, entry

    seen = {m["number"] for m in _view_messages(srv)}
    logout(srv, remote["token"])
    assert srv.get("/api/v1/users", token=remote["token"]).status == 401
    r = srv.get("/api/v1/remote-maintenance")
    assert r.body["mode"] == "barred" and r.body["enabled"] is False, r.body
    disabled = eventually("remote_maintenance_disabled is in the event log view", lambda: [
        m for m in _view_messages(srv) if m["number"] not in seen and m["type"] == "remote_maintenance_disabled"])
    assert len(disabled) == 1, disabled
    changes = audit_all(srv, area="maintenance")
    assert [e["type"] for e in changes] == ["remotemaintenance.set", "remotemaintenance.set"], changes
    assert [e["actor"] for e in changes] == ["admin", "system"], changes
    again = login(srv, "admin", ADMIN_PASSWORD, interface="remote", status=403)
    assert code(again) == "remote_maintenance_barred", again.describe()

    # permanent stays after a remote session ends.
    r = srv.put("/api/v1/remote-maintenance", {"mode": "permanent"}, idempotency_key=_key())
    assert r.status == 200 and r.body["enabled"] is True, r.describe()
    remote = login(srv, "admin", ADMIN_PASSWORD, interface="remote").body
    logout(srv, remote["token"])
    assert srv.get("/api/v1/remote-maintenance").body["mode"] == "permanent"
    r = srv.put("/api/v1/remote-maintenance", {"mode": "barred"}, idempotency_key=_key())
    assert r.status == 200 and r.body["enabled"] is False, r.describe()


# --------------------------------------------------------------------------------------------
# Session limits (§5.1)


def test_session_limits(server):
    srv = server
    second = login(srv, "admin", ADMIN_PASSWORD).body["token"]  # the harness holds the first
    third = login(srv, "admin", ADMIN_PASSWORD, status=409)
    assert code(third) == "capacity_exceeded", third.describe()
    assert details(third).get("limit") == "administrator_sessions" and str(details(third).get("max")) == "2", third.body
    assert srv.get("/api/v1/session").status == 200 and srv.get("/api/v1/session", token=second).status == 200
    logout(srv, second)
    logout(srv, login(srv, "admin", ADMIN_PASSWORD).body["token"])  # a place is free again

    create_account(srv, "desk", "receptionist")
    tokens = [login(srv, "desk", INITIAL).body["token"] for _ in range(5)]
    sixth = login(srv, "desk", INITIAL, status=409)
    assert code(sixth) == "capacity_exceeded", sixth.describe()
    assert details(sixth).get("limit") == "sessions_per_level" and str(details(sixth).get("max")) == "5", sixth.body
    assert all(srv.get("/api/v1/session", token=t).status == 200 for t in tokens)
    logout(srv, tokens[0])
    login(srv, "desk", INITIAL)


# --------------------------------------------------------------------------------------------
# The CLI


def test_cli_login_session_file_and_accounts(server, tmp_path):
    srv = server
    session_file = tmp_path / "cli" / "session"
    env = {"CALLPLANE_SESSION_FILE": str(session_file), "CALLPLANE_TOKEN": None}

    refused = run_cli("accounts", "list", server=srv.url, env=env)
    assert refused.returncode != 0, cli_output(refused)

    proc = run_cli("login", "--name", "admin", "--password-stdin", server=srv.url, env=env, input=ADMIN_PASSWORD + "\n")
    assert proc.returncode == 0, cli_output(proc)
    assert "admin" in proc.stdout + proc.stderr, cli_output(proc)
    assert session_file.exists(), "no session file"
    assert stat.S_IMODE(session_file.stat().st_mode) == 0o600, oct(session_file.stat().st_mode)
    saved = json.loads(session_file.read_text())
    assert saved["server"].rstrip("/") == srv.url and saved["token"], saved
    assert srv.get("/api/v1/session", token=saved["token"]).status == 200

    listing = run_cli("accounts", "list", server=srv.url, env=env)
    assert listing.returncode == 0 and re.search(r"^\s*admin\b", listing.stdout, re.M), cli_output(listing)

    add = run_cli("accounts", "add", "cli user", "--profile", "receptionist", server=srv.url, env=env, input=INITIAL + "\n")
    assert add.returncode == 0, cli_output(add)
    assert account(srv, "cli user")["profile"] == "receptionist"
    assert run_cli("accounts", "set-profile", "cli user", "system_assistant", server=srv.url, env=env).returncode == 0
    assert account(srv, "cli user")["profile"] == "system_assistant"
    login(srv, "cli user", "Wrong-Pass.1", status=401)
    alog = run_cli("accounts", "access-log", "cli user", server=srv.url, env=env)
    assert alog.returncode == 0 and re.search(r"wrong.password", alog.stdout, re.I), cli_output(alog)
    profiles = run_cli("profiles", "list", server=srv.url, env=env)
    assert profiles.returncode == 0 and "receptionist" in profiles.stdout, cli_output(profiles)
    status = run_cli("remote-maintenance", "status", server=srv.url, env=env)
    assert status.returncode == 0 and "barred" in status.stdout, cli_output(status)
    assert run_cli("remote-maintenance", "one-off", server=srv.url, env=env).returncode == 0
    assert srv.get("/api/v1/remote-maintenance").body["mode"] == "one_off"
    assert run_cli("remote-maintenance", "bar", server=srv.url, env=env).returncode == 0
    assert srv.get("/api/v1/remote-maintenance").body["mode"] == "barred"
    remove = run_cli("accounts", "remove", "cli user", server=srv.url, env=env)
    assert remove.returncode == 0, cli_output(remove)
    assert srv.get("/api/v1/accounts/cli%20user").status == 404

    out = run_cli("logout", server=srv.url, env=env)
    assert out.returncode == 0, cli_output(out)
    assert srv.get("/api/v1/session", token=saved["token"]).status == 401
    after = run_cli("accounts", "list", server=srv.url, env=env)
    assert after.returncode != 0, cli_output(after)


def test_cli_first_login_and_password_change(server_factory, tmp_path):
    srv = server_factory(login=False)
    env = {"CALLPLANE_SESSION_FILE": str(tmp_path / "session"), "CALLPLANE_TOKEN": None}
    proc = run_cli("login", "--name", "admin", "--password-stdin", server=srv.url, env=env,
                   input=DEFAULT_ADMIN_PASSWORD + "\n")
    assert proc.returncode == 0, cli_output(proc)
    assert re.search(r"password", proc.stdout + proc.stderr, re.I), f"no warning to change the password:\n{cli_output(proc)}"
    blocked = run_cli("accounts", "list", server=srv.url, env=env)
    assert blocked.returncode != 0, cli_output(blocked)
    change = run_cli("password", "--stdin", server=srv.url, env=env, input=f"{DEFAULT_ADMIN_PASSWORD}\n{ADMIN_PASSWORD}\n")
    assert change.returncode == 0, cli_output(change)
    srv.admin_password = ADMIN_PASSWORD
    r = login(srv, "admin", ADMIN_PASSWORD).body
    assert r["mustChangePassword"] is False, r
    srv.delete("/api/v1/session", token=r["token"])


# --------------------------------------------------------------------------------------------
# The machine owner's way back (issue 13, point 15)


def test_a_blocked_admin_is_reset_offline_by_whoever_owns_the_data_directory(server_factory):
    srv = server_factory(args=["--virtual-clock"])
    for i in range(15):
        assert code(patient_login(srv, "admin", f"Wrong-Pass.{i}", 401)[0]) == "login_failed"
    # Blocked: the right password no longer opens it, and no other account may reset admin.
    assert code(patient_login(srv, "admin", srv.admin_password, 403)[0]) == "account_blocked"
    assert srv.stop() == 0

    new = "Owner-Reset.7"
    bad = run_cli("accounts", "reset", "--data-dir", str(srv.data_dir), "admin", input="short\n")
    assert bad.returncode != 0 and "password" in (bad.stderr + bad.stdout).lower(), cli_output(bad)
    done = run_cli("accounts", "reset", "--data-dir", str(srv.data_dir), "admin", input=new + "\n")
    assert done.returncode == 0 and "password reset for admin" in done.stdout, cli_output(done)

    srv.start(login=False)
    r = login(srv, "admin", new)
    assert r.body["mustChangePassword"] is True, r.body
    # Recorded like any password change, from the source local-cli.
    first = r.body["token"]
    own = srv.request("PUT", "/api/v1/accounts/admin/password", {"currentPassword": new, "newPassword": "Owner-Own.8"}, token=first)
    assert own.status == 200, own.describe()
    token = login(srv, "admin", "Owner-Own.8").body["token"]
    changes = srv.get("/api/v1/events?type=account.password.set&limit=100", token=token).body["events"]
    reset = [e for e in changes if e["source"] == "local-cli"]
    assert len(reset) == 1 and reset[0]["actor"].startswith("local:"), changes
