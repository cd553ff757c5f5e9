"""Issue 15, points 3 and 8: the DoS protection settings are configuration in the log, read and
changed through the API and the CLI of the real server, and they survive a restart; the
registrations view answers with its filters checked."""

import uuid

from conftest import cli_output

PATH = "/api/v1/sip/dos-protection"
DEFAULTS = {"failedRegistrations": 20, "transactions": 30000, "requestsWithoutSession": 100,
            "modifiedMessages": 100, "windowSeconds": 60, "blockSeconds": 600}


def _key() -> str:
    return str(uuid.uuid4())


def _settings(body: dict) -> dict:
    return {k: body[k] for k in DEFAULTS}


def test_settings_are_configuration_in_the_log(server):
    srv = server
    r = srv.get(PATH)
    assert r.status == 200, r.describe()
    assert _settings(r.body) == DEFAULTS, r.body
    assert r.body["blocked"] == [] and r.body["version"] == 0, r.body
    hash_before, _ = srv.state_hash()

    head = srv.head()
    wanted = {"failedRegistrations": 5, "transactions": 0, "requestsWithoutSession": 40,
              "modifiedMessages": 7, "windowSeconds": 30, "blockSeconds": 900}
    r = srv.put(PATH, wanted, idempotency_key=_key(), if_match=0)
    assert r.status == 200, r.describe()
    assert _settings(r.body) == wanted and r.body["version"] == 1, r.body
    assert r.headers.get("etag") == '"1"', r.headers
    assert srv.get(PATH).body == r.body

    events = srv.all_events(after=head)
    assert [(e["type"], e["stream"]) for e in events] == [("sip.dosprotection.set", "dosprotection")], events
    assert events[0]["actor"] == "admin" and events[0]["source"].endswith("/http"), events[0]
    assert events[0]["payload"] == wanted, events[0]
    assert srv.state_hash()[0] != hash_before

    # Each rule is the server's: refused with the limit named, nothing appended.
    head = srv.head()
    for member, value, limit in [("windowSeconds", 3601, "dos_window_seconds"), ("blockSeconds", 0, "dos_block_seconds"),
                                 ("failedRegistrations", 100001, "dos_failed_registrations")]:
        r = srv.put(PATH, {**wanted, member: value}, idempotency_key=_key())
        assert r.status == 422 and r.body["code"] == "out_of_range", r.describe()
        assert r.body["details"]["field"] == member and r.body["details"]["limit"] == limit, r.body
    r = srv.put(PATH, {"windowSeconds": 60}, idempotency_key=_key())
    assert r.status == 422 and r.body["code"] == "invalid_field", r.describe()
    r = srv.put(PATH, {**wanted, "blockMinutes": 5}, idempotency_key=_key())
    assert r.status == 422 and r.body["code"] == "unknown_field", r.describe()
    r = srv.put(PATH, DEFAULTS, idempotency_key=_key(), if_match=0)
    assert r.status == 409 and r.body["code"] == "version_conflict", r.describe()
    # The same settings again are no change.
    r = srv.put(PATH, wanted, idempotency_key=_key())
    assert r.status == 200 and r.body["version"] == 1, r.describe()
    assert srv.head() == head

    # The audit trail files it under the system area, like the SNMP agent's access.
    audit = srv.get("/api/v1/audit?area=system&type=sip.")
    assert [e["type"] for e in audit.body["events"]] == ["sip.dosprotection.set"], audit.describe()

    # Replayed (and from the snapshot) after a restart: the same settings, version and hash.
    hash_after, position = srv.state_hash()
    srv.restart()
    r = srv.get(PATH)
    assert _settings(r.body) == wanted and r.body["version"] == 1, r.body
    # The restart itself raises an event message, so compare the replay at the position before it.
    assert srv.get(f"/api/v1/state/hash?position={position}").body["hash"] == hash_after


def test_cli_shows_and_changes_the_settings(server):
    srv = server
    shown = srv.cli("sip", "dos-protection")
    assert shown.returncode == 0, cli_output(shown)
    assert "failed registrations: 20" in shown.stdout and "block: 600 s" in shown.stdout, shown.stdout
    assert "blocked now: none" in shown.stdout, shown.stdout

    changed = srv.cli("sip", "dos-protection", "set", "--failed-registrations", "0", "--block-seconds", "120")
    assert changed.returncode == 0, cli_output(changed)
    assert "failed registrations: off" in changed.stdout and "block: 120 s" in changed.stdout, changed.stdout
    body = srv.get(PATH).body
    assert _settings(body) == {**DEFAULTS, "failedRegistrations": 0, "blockSeconds": 120}, body

    head = srv.head()
    refused = srv.cli("sip", "dos-protection", "set", "--window-seconds", "0")
    assert refused.returncode != 0, cli_output(refused)
    assert "dos_window_seconds" in refused.stdout + refused.stderr, cli_output(refused)
    nothing = srv.cli("sip", "dos-protection", "set")
    assert nothing.returncode != 0, cli_output(nothing)
    assert srv.head() == head

    shown = srv.cli("sip", "dos-protection", "show")
    assert shown.returncode == 0 and "failed registrations: off" in shown.stdout, cli_output(shown)


def test_registrations_view_and_cli(server):
    """No phone registers here, so the list is empty (test_sip_registrar.py registers real
    ones); the route, its filters' rules, the CLI and the capacity row are the real server's."""
    srv = server
    srv.create_user("301", "Reg User")
    srv.create_terminal("reg-t1", userNumber="301")
    r = srv.get("/api/v1/registrations")
    assert r.status == 200 and r.body == {"registrations": []}, r.describe()
    assert srv.get("/api/v1/registrations?user=301&terminal=1").status == 200
    bad = srv.get("/api/v1/registrations?terminal=first")
    assert bad.status == 422 and bad.body["code"] == "invalid_parameter", bad.describe()
    assert bad.body["details"]["parameter"] == "terminal", bad.body
    listed = srv.cli("registrations", "--user", "301")
    assert listed.returncode == 0 and listed.stdout == "", cli_output(listed)
    capacity = {c["limit"]: c for c in srv.get("/api/v1/capacity").body["limits"]}
    assert capacity["registered_terminals"]["used"] == 0 and capacity["registered_terminals"]["max"] == 2400, capacity
    assert capacity["dos_window_seconds"]["max"] == 3600 and capacity["dos_window_seconds"]["used"] is None, capacity
