"""Issue 15, points 5–8, the configuration half: message groups (manual Tab. 13, §6.3.1.3), the
public emergency numbers with their internal destination, and each user's telephony settings
(remote maintenance function codes, busy on busy, call forwarding unconditional) are
configuration in the log of the real server — decided with named refusals, shown by the API
and the CLI, kept across a restart — and the numbering plan resolves the emergency numbers
before users for a real SIP peer (sipp)."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from conftest import HOST, cli_output, free_udp_tcp_port

SCENARIOS = Path(__file__).resolve().parent / "sipp"
INITIAL = "Initial-Pass.1"
OWN = "Own-Choice.2"
DIALLER_PASSWORD = "Dialler-Pass.3"


def _key() -> str:
    return str(uuid.uuid4())


def refused(r, status: int, code: str) -> dict:
    assert r.status == status and r.body.get("code") == code, r.describe()
    return r.body["details"]


def dial(server, number: str, status: int, tmp_path: Path) -> None:
    """A terminal with no user dials `number` with sipp (answering the 407 with digest) and must
    get `status` as the final answer."""
    if shutil.which("sipp") is None:
        pytest.fail("sipp is missing: ops/install-deps installs Debian's sip-tester")
    if not any(t["registrationName"] == "dialler" for t in server.get("/api/v1/terminals").body["terminals"]):
        server.create_terminal("dialler", password=DIALLER_PASSWORD)
    scenario = tmp_path / f"invite-{number}-{status}.xml"
    scenario.write_text((SCENARIOS / "call_uac_refused.xml").read_text().replace('response="486"', f'response="{status}"'))
    fields = tmp_path / "dialler.csv"
    fields.write_text("SEQUENTIAL\ndialler;\n")
    errors = tmp_path / f"sipp-{number}.err"
    run = subprocess.run(
        ["sipp", f"{HOST}:{server.sip_port}", "-sf", str(scenario), "-inf", str(fields), "-s", number, "-m", "1", "-i", HOST,
         "-p", str(free_udp_tcp_port()), "-t", "u1", "-au", "dialler", "-ap", DIALLER_PASSWORD,
         "-auth_uri", f"{number}@{HOST}:{server.sip_port}", "-timeout", "20s", "-timeout_error", "-nostdin", "-trace_err",
         "-error_file", str(errors)],
        capture_output=True, text=True, timeout=60, cwd=tmp_path, stdin=subprocess.DEVNULL)
    said = errors.read_text(errors="replace") if errors.exists() else ""
    assert run.returncode == 0, f"dialling {number}, expected {status}: exit {run.returncode}\n{run.stdout[-2000:]}\n{said[-3000:]}"


def account_token(srv, name: str, areas: dict) -> str:
    """A session of a new account whose profile grants `areas`."""
    r = srv.post("/api/v1/profiles", {"id": name, "name": name, "areas": areas, "interfaces": ["webadmin_api"]},
                 idempotency_key=_key())
    assert r.status == 201, r.describe()
    r = srv.post("/api/v1/accounts", {"name": name, "profile": name, "password": INITIAL}, idempotency_key=_key())
    assert r.status == 201, r.describe()
    first = srv.open_session(name, INITIAL)
    assert first.status == 201, first.describe()
    r = srv.put(f"/api/v1/accounts/{name}/password", {"currentPassword": INITIAL, "newPassword": OWN},
                token=first.body["token"], idempotency_key=_key())
    assert r.status == 200, r.describe()
    again = srv.open_session(name, OWN)
    assert again.status == 201 and again.body["mustChangePassword"] is False, again.describe()
    return again.body["token"]


def test_message_groups(server):
    srv = server
    for number in ("101", "102", "103"):
        srv.create_user(number, f"User {number}")
    assert srv.get("/api/v1/message-groups").body == {"messageGroups": []}
    assert refused(srv.get("/api/v1/message-groups/16"), 404, "message_group_not_found")

    head = srv.head()
    r = srv.put("/api/v1/message-groups/16", {"name": "System phone 1", "members": ["103", "101", "101"]},
                idempotency_key=_key(), if_match=0)
    assert r.status == 200, r.describe()
    assert r.body == {"number": 16, "name": "System phone 1", "members": ["101", "103"], "version": 1}, r.body
    assert r.headers.get("etag") == '"1"'
    events = srv.all_events(after=head)
    assert [(e["type"], e["stream"], e["actor"]) for e in events] == [("messagegroup.set", "messagegroup/16", "admin")], events
    assert events[0]["payload"] == {"number": 16, "name": "System phone 1", "members": ["101", "103"]}

    # Each rule is the server's, named, and appends nothing.
    head = srv.head()
    details = refused(srv.put("/api/v1/message-groups/15", {"name": "Front desk", "members": ["101", "109"]},
                              idempotency_key=_key()), 422, "unknown_user")
    assert details == {"field": "members", "number": "109"}, details
    many = [str(200 + i) for i in range(17)]
    for number in many:
        srv.create_user(number, f"Many {number}")
    head = srv.head()
    details = refused(srv.put("/api/v1/message-groups/15", {"name": "Too many", "members": many}, idempotency_key=_key()),
                      409, "capacity_exceeded")
    assert details["limit"] == "message_group_members" and details["max"] == "16", details
    for bad in ("51", "0", "016", "x"):
        refused(srv.put(f"/api/v1/message-groups/{bad}", {"name": "G", "members": []}, idempotency_key=_key()),
                422, "invalid_parameter")
    refused(srv.put("/api/v1/message-groups/15", {"name": "G"}, idempotency_key=_key()), 422, "invalid_field")
    refused(srv.put("/api/v1/message-groups/15", {"name": "G", "members": [], "extra": 1}, idempotency_key=_key()),
            422, "unknown_field")
    assert srv.head() == head

    r = srv.put("/api/v1/message-groups/15", {"name": "Front desk", "members": ["102", "103"]}, idempotency_key=_key())
    assert r.status == 200, r.describe()
    assert [g["number"] for g in srv.get("/api/v1/message-groups").body["messageGroups"]] == [15, 16]
    capacity = {c["limit"]: c for c in srv.get("/api/v1/capacity").body["limits"]}
    assert capacity["message_groups"]["used"] == 2 and capacity["message_groups"]["max"] == 50, capacity["message_groups"]

    # Deleting a user takes them out of every group in the same decision, before the deletion.
    head = srv.head()
    r = srv.delete(srv.user_path("103"), idempotency_key=_key())
    assert r.status == 204, r.describe()
    events = srv.all_events(after=head)
    assert [(e["type"], e["stream"]) for e in events] == [
        ("messagegroup.set", "messagegroup/15"), ("messagegroup.set", "messagegroup/16"), ("user.deleted", "user/103")], events
    assert len({e["correlation"] for e in events}) == 1, "one decision"
    assert srv.get("/api/v1/message-groups/16").body["members"] == ["101"]
    assert srv.get("/api/v1/message-groups/15").body["members"] == ["102"]

    audit = srv.get("/api/v1/audit?area=users&type=messagegroup.")
    assert [e["type"] for e in audit.body["events"]] == ["messagegroup.set"] * 4, audit.describe()

    r = srv.delete("/api/v1/message-groups/15", idempotency_key=_key())
    assert r.status == 204, r.describe()
    refused(srv.get("/api/v1/message-groups/15"), 404, "message_group_not_found")
    refused(srv.delete("/api/v1/message-groups/15", idempotency_key=_key()), 404, "message_group_not_found")

    hash_before, position = srv.state_hash()
    srv.restart()
    assert srv.get("/api/v1/message-groups").body["messageGroups"] == [
        {"number": 16, "name": "System phone 1", "members": ["101"], "version": 2}]
    assert srv.get(f"/api/v1/state/hash?position={position}").body["hash"] == hash_before


def test_emergency_numbers_follow_the_country_and_are_never_a_users_number(server_factory, tmp_path):
    # sipp 3.6 answers only the first challenge, and only MD5.
    srv = server_factory(args=["--sip-digest-algorithms", "MD5,SHA-256"])
    r = srv.get("/api/v1/emergency-numbers")
    assert r.status == 200, r.describe()
    assert r.body == {"numbers": ["112"], "followsCountry": True, "country": "", "countryDefaults": ["112"],
                      "internalDestination": None, "version": 0}, r.body
    refused(srv.post("/api/v1/users", {"number": "112", "name": "Not me"}, idempotency_key=_key()), 409,
            "number_is_emergency_number")
    srv.create_user("110", "Takes 110")
    srv.create_user("100", "Reception")

    # DE's defaults are 112 and 110, and 110 is a user's number: the country cannot follow.
    details = refused(srv.put("/api/v1/system/identity", {"name": "Callplane", "country": "DE"}, idempotency_key=_key()),
                      409, "emergency_number_is_user")
    assert details == {"field": "country", "number": "110"}, details
    r = srv.delete(srv.user_path("110"), idempotency_key=_key())
    assert r.status == 204, r.describe()
    r = srv.put("/api/v1/system/identity", {"name": "Callplane", "country": "DE"}, idempotency_key=_key())
    assert r.status == 200, r.describe()
    r = srv.get("/api/v1/emergency-numbers")
    assert r.body["numbers"] == ["112", "110"] and r.body["country"] == "DE" and r.body["followsCountry"], r.body
    refused(srv.post("/api/v1/users", {"number": "110", "name": "Not me"}, idempotency_key=_key()), 409,
            "number_is_emergency_number")

    # A list of the system's own, with the reception as the destination while there is no trunk.
    head = srv.head()
    details = refused(srv.put("/api/v1/emergency-numbers", {"numbers": ["112", "100"]}, idempotency_key=_key()),
                      409, "emergency_number_is_user")
    assert details["number"] == "100", details
    refused(srv.put("/api/v1/emergency-numbers", {"internalDestination": "999"}, idempotency_key=_key()), 422, "unknown_user")
    refused(srv.put("/api/v1/emergency-numbers", {"numbers": []}, idempotency_key=_key()), 422, "invalid_field")
    details = refused(srv.put("/api/v1/emergency-numbers", {"numbers": [str(9000 + i) for i in range(21)]},
                              idempotency_key=_key()), 409, "capacity_exceeded")
    assert details["limit"] == "public_emergency_numbers" and details["max"] == "20", details
    assert srv.head() == head
    r = srv.put("/api/v1/emergency-numbers", {"numbers": ["112", "19222", "112"], "internalDestination": "100"},
                idempotency_key=_key(), if_match=0)
    assert r.status == 200, r.describe()
    assert r.body == {"numbers": ["112", "19222"], "followsCountry": False, "country": "DE", "countryDefaults": ["112", "110"],
                      "internalDestination": "100", "version": 1}, r.body
    events = srv.all_events(after=head)
    assert [(e["type"], e["stream"], e["payload"]) for e in events] == [
        ("emergency.settings.set", "emergency", {"numbers": ["112", "19222"], "internalDestination": "100"})], events
    assert [e["type"] for e in srv.get("/api/v1/audit?area=system&type=emergency.").body["events"]] == ["emergency.settings.set"]
    details = refused(srv.delete(srv.user_path("100"), idempotency_key=_key()), 409, "user_is_emergency_destination")
    assert details == {"number": "100"}, details

    # The numbering plan of the running server: emergency numbers first (the destination, user
    # 100, has no registered terminal: 480), their beginnings incomplete, 110 no longer one.
    dial(srv, "19222", 480, tmp_path)
    dial(srv, "112", 480, tmp_path)
    dial(srv, "1922", 484, tmp_path)
    dial(srv, "110", 404, tmp_path)

    hash_before, position = srv.state_hash()
    srv.restart()
    assert srv.get("/api/v1/emergency-numbers").body == r.body
    assert srv.get(f"/api/v1/state/hash?position={position}").body["hash"] == hash_before

    # null follows the country again; no destination answers 480 after the event message.
    r = srv.put("/api/v1/emergency-numbers", {"numbers": None}, idempotency_key=_key())
    assert r.status == 200 and r.body["numbers"] == ["112", "110"] and r.body["followsCountry"], r.describe()
    assert r.body["internalDestination"] is None
    dial(srv, "110", 480, tmp_path)


def test_user_telephony_settings(server):
    srv = server
    for number in ("101", "102", "103"):
        srv.create_user(number, f"User {number}")
    path = srv.user_path("101") + "/telephony"
    r = srv.get(path)
    assert r.status == 200, r.describe()
    assert r.body == {"number": "101", "remoteMaintenanceAccess": False, "busyOnBusy": False,
                      "callForwardingUnconditional": None, "version": 1}, r.body
    refused(srv.get(srv.user_path("199") + "/telephony"), 404, "user_not_found")

    head = srv.head()
    r = srv.patch(path, {"remoteMaintenanceAccess": True, "callForwardingUnconditional": "102"}, idempotency_key=_key(),
                  if_match=1)
    assert r.status == 200, r.describe()
    assert r.body == {"number": "101", "remoteMaintenanceAccess": True, "busyOnBusy": False,
                      "callForwardingUnconditional": "102", "version": 2}, r.body
    assert srv.get(srv.user_path("101")).body["version"] == 2, "one stream with the user's other data"
    events = srv.all_events(after=head)
    assert [(e["type"], e["stream"], e["payload"]) for e in events] == [("user.telephony.set", "user/101", {
        "number": "101", "remoteMaintenanceAccess": True, "busyOnBusy": False, "callForwardingUnconditional": "102"})]

    head = srv.head()
    assert refused(srv.patch(path, {"callForwardingUnconditional": "101"}, idempotency_key=_key()), 422,
                   "forwarding_to_self")["field"] == "callForwardingUnconditional"
    refused(srv.patch(path, {"callForwardingUnconditional": "199"}, idempotency_key=_key()), 422, "unknown_user")
    r = srv.patch(srv.user_path("102") + "/telephony", {"callForwardingUnconditional": "103"}, idempotency_key=_key())
    assert r.status == 200, r.describe()
    head = srv.head()
    details = refused(srv.patch(srv.user_path("103") + "/telephony", {"callForwardingUnconditional": "101"},
                                idempotency_key=_key()), 409, "forwarding_loop")
    assert details["chain"] == "103 → 101 → 102 → 103", details
    refused(srv.patch(path, {"busyOnBusy": None}, idempotency_key=_key()), 422, "invalid_field")
    refused(srv.patch(path, {"callForwarding": "102"}, idempotency_key=_key()), 422, "unknown_field")
    assert srv.head() == head

    # Granting the remote maintenance codes also takes maintenance:write; the other settings
    # only users:write.
    token = account_token(srv, "user-admin", {"users": "write"})
    head = srv.head()
    details = refused(srv.patch(srv.user_path("102") + "/telephony", {"remoteMaintenanceAccess": True}, token=token,
                                idempotency_key=_key()), 403, "forbidden")
    assert details["right"] == "maintenance:write", details
    r = srv.patch(srv.user_path("102") + "/telephony", {"busyOnBusy": True, "remoteMaintenanceAccess": False}, token=token,
                  idempotency_key=_key())
    assert r.status == 200 and r.body["busyOnBusy"] is True, r.describe()
    assert [e["actor"] for e in srv.all_events(after=head) if e["type"] == "user.telephony.set"] == ["user-admin"]

    # Deleting the forwarding target ends the forwarding in the same decision.
    head = srv.head()
    r = srv.delete(srv.user_path("103"), idempotency_key=_key())
    assert r.status == 204, r.describe()
    events = srv.all_events(after=head)
    assert [(e["type"], e["stream"]) for e in events] == [("user.telephony.set", "user/102"), ("user.deleted", "user/103")]
    assert srv.get(srv.user_path("102") + "/telephony").body["callForwardingUnconditional"] is None

    hash_before, position = srv.state_hash()
    srv.restart()
    assert srv.get(path).body["remoteMaintenanceAccess"] is True
    assert srv.get(srv.user_path("102") + "/telephony").body["busyOnBusy"] is True
    assert srv.get(f"/api/v1/state/hash?position={position}").body["hash"] == hash_before


def test_cli(server):
    srv = server
    for number in ("101", "102"):
        srv.create_user(number, f"User {number}")

    run = srv.cli("message-groups", "set", "16", "--name", "System phone 1", "--member", "102", "--member", "101")
    assert run.returncode == 0 and run.stdout.strip() == "16\tSystem phone 1\t101,102", cli_output(run)
    run = srv.cli("message-groups")
    assert run.returncode == 0 and run.stdout.strip() == "16\tSystem phone 1\t101,102", cli_output(run)
    run = srv.cli("message-groups", "set", "15", "--name", "X", "--member", "109")
    assert run.returncode != 0 and "unknown_user" in run.stdout + run.stderr, cli_output(run)
    run = srv.cli("message-groups", "delete", "16")
    assert run.returncode == 0, cli_output(run)
    assert srv.get("/api/v1/message-groups").body["messageGroups"] == []

    run = srv.cli("emergency-numbers")
    assert run.returncode == 0 and "numbers: 112 (the defaults of no country set)" in run.stdout, cli_output(run)
    assert "internal destination: none" in run.stdout, cli_output(run)
    run = srv.cli("emergency-numbers", "set", "--number", "112", "--number", "19222", "--internal-destination", "101")
    assert run.returncode == 0, cli_output(run)
    assert "numbers: 112, 19222\n" in run.stdout and "internal destination: user 101" in run.stdout, cli_output(run)
    run = srv.cli("emergency-numbers", "set", "--country-defaults")
    assert run.returncode == 0 and "numbers: 112 (the defaults" in run.stdout and "user 101" in run.stdout, cli_output(run)
    run = srv.cli("emergency-numbers", "set", "--number", "102")
    assert run.returncode != 0 and "emergency_number_is_user" in run.stdout + run.stderr, cli_output(run)

    run = srv.cli("users", "telephony", "101")
    assert run.returncode == 0 and "remote maintenance access: off" in run.stdout, cli_output(run)
    run = srv.cli("users", "telephony", "101", "--remote-maintenance-access", "on", "--busy-on-busy", "on", "--forward-to", "102")
    assert run.returncode == 0, cli_output(run)
    assert run.stdout.splitlines() == ["remote maintenance access: on", "busy on busy: on",
                                       "call forwarding unconditional: to 102"], cli_output(run)
    run = srv.cli("users", "telephony", "101", "--no-forwarding")
    assert run.returncode == 0 and "call forwarding unconditional: off" in run.stdout, cli_output(run)
    assert srv.get(srv.user_path("101") + "/telephony").body["busyOnBusy"] is True
