"""Issue 19: the SRM agent in the server and ``callplane-srm`` at the installer's office, both
real executables on loopback over TLS (docs/srm.md).

A system registers with the secret the SRM server issued; its status colour follows its active
serious and critical event messages there (manual §6.3.1.3: blue, yellow, red), back to blue when
the positive partner arrives or the message is confirmed on the system. A wrong secret raises
"Connection to IP remote management (SRM) failed" with cause 2, an upload the SRM server refuses
cause 3, the SRM server down cause 1 — and after it is back, "restored", with every message
raised meanwhile delivered."""

from __future__ import annotations

from conftest import eventually
from peers import free_port
from srm_server import SRMServer


def system_id(server) -> str:
    return server.get("/api/v1/system/identity").body["systemId"]


def connect(server, srm: SRMServer, secret: str, destination: bool = True) -> None:
    r = server.put("/api/v1/srm", {"host": "localhost", "port": srm.port, "secret": secret, "trustedCertificate": srm.ca_pem})
    assert r.status == 200 and r.body["secretSet"] and r.body["enabled"], r.describe()
    assert secret not in str(r.body), "the secret is never shown"
    if destination:
        r = server.patch("/api/v1/destinations/srm", {"enabled": True})
        assert r.status == 200, r.describe()


def raise_message(server, type_: str, **parameters) -> dict:
    r = server.post("/api/v1/event-messages", {"type": type_, "parameters": parameters})
    assert r.status == 201, r.describe()
    return r.body


def active(server, type_: str) -> list[dict]:
    return [m for m in server.get("/api/v1/event-messages/active").body["active"] if m["type"] == type_]


def occurred(server, type_: str) -> list[dict]:
    return [m for m in server.get("/api/v1/event-messages/log").body["messages"] if m["type"] == type_]


def test_a_registered_system_shows_its_status_colour_on_the_srm_server(server, tmp_path):
    with SRMServer(tmp_path, free_port()) as srm:
        me = system_id(server)
        secret = srm.add_system(me, name="Head office")
        connect(server, srm, secret)
        eventually("the agent is welcomed", lambda: server.get("/api/v1/srm").body["connection"]["state"] == "connected")
        assert server.get("/api/v1/srm").body["connection"]["serverName"] == "Installer office"
        eventually("the SRM server shows the system connected and blue",
                   lambda: (s := srm.systems()[me])["connected"] and s["colour"] == "blue")
        assert srm.systems()[me]["name"] == "Head office" and srm.systems()[me]["softwareVersion"].startswith("Callplane")

        overflow = raise_message(server, "charge_counter_overflow", cause=0, number=12)
        eventually("a serious message turns the line yellow", lambda: srm.systems()[me]["colour"] == "yellow")
        fan = raise_message(server, "fan_failure", fanStatus=0)
        eventually("a critical message turns it red", lambda: srm.systems()[me]["colour"] == "red")
        line = srm.systems()[me]
        assert [m["type"] for m in line["active"]] == ["charge_counter_overflow", "fan_failure"], line["active"]
        assert {r["message"]["number"] for r in line["recent"]} >= {overflow["number"], fan["number"]}
        assert next(r for r in line["recent"] if r["message"]["type"] == "fan_failure")["message"]["name"] == "Fan failure"

        # The positive partner clears the critical one; the serious one keeps the line yellow.
        raise_message(server, "fan_in_operation", fanStatus=0)
        eventually("the partner turns it back yellow", lambda: srm.systems()[me]["colour"] == "yellow")
        # Confirming on the system sends no message, yet the status goes up (§6.3.1.3).
        r = server.post(f"/api/v1/event-messages/active/{overflow['number']}/confirm")
        assert r.status == 200, r.describe()
        eventually("the confirmation turns it blue", lambda: srm.systems()[me]["colour"] == "blue")
        assert srm.systems()[me]["active"] == []

        # Normal messages never go to SRM (§6.3.1.3), and the destination switched off stops
        # the status reports: the line turns grey (not reported) but stays connected.
        r = server.patch("/api/v1/destinations/srm", {"enabled": False})
        assert r.status == 200, r.describe()
        eventually("with the destination off the status is not reported",
                   lambda: (s := srm.systems()[me])["colour"] == "grey" and s["connected"])
        assert not active(server, "srm_connection_failed")


def test_a_wrong_secret_raises_the_failed_message_with_cause_2_and_the_right_one_restores(server, tmp_path):
    with SRMServer(tmp_path, free_port()) as srm:
        me = system_id(server)
        secret = srm.add_system(me)
        connect(server, srm, "not-the-issued-secret-0001", destination=False)
        eventually("cause 2 is raised", lambda: [m["parameters"]["cause"] for m in active(server, "srm_connection_failed")] == ["2"])
        view = server.get("/api/v1/srm").body["connection"]
        assert view["state"] in ("failed", "connecting") and view["lastFailureCause"] == 2, view
        assert "secret" in view["lastFailure"], view
        assert not srm.systems()[me]["connected"]
        # Attempts go on with back-off but raise nothing more while the cause stays the same.
        eventually("a second refused attempt", lambda: srm.log_tail(200).count("refused") >= 2, timeout=10)
        assert len(occurred(server, "srm_connection_failed")) == 1

        connect(server, srm, secret, destination=False)
        eventually("the right secret restores the connection", lambda: occurred(server, "srm_connection_restored"))
        assert not active(server, "srm_connection_failed")
        eventually("the SRM server shows it connected", lambda: srm.systems()[me]["connected"])


def test_an_upload_the_srm_server_rejects_raises_cause_3_and_is_delivered_once_allowed(server, tmp_path):
    with SRMServer(tmp_path, free_port()) as srm:
        me = system_id(server)
        secret = srm.add_system(me, status_changes=False)
        connect(server, srm, secret)
        eventually("connected", lambda: server.get("/api/v1/srm").body["connection"]["state"] == "connected")
        fan = raise_message(server, "fan_failure", fanStatus=0)
        eventually("cause 3 is raised", lambda: [m["parameters"]["cause"] for m in active(server, "srm_connection_failed")] == ["3"])
        assert srm.systems()[me]["recent"] == []
        srm.cli("system", "allow-status", me, "on")
        # The destination retries its waiting message; the next welcome or retry delivers it.
        eventually("the waiting message arrives once allowed",
                   lambda: fan["number"] in {r["message"]["number"] for r in srm.systems()[me]["recent"]}, timeout=90)
        assert srm.systems()[me]["colour"] == "red"


def test_srm_server_down_and_back_raises_failed_then_restored_and_loses_nothing(server, tmp_path):
    srm = SRMServer(tmp_path, free_port()).start()
    try:
        me = system_id(server)
        connect(server, srm, srm.add_system(me))
        eventually("connected", lambda: srm.systems()[me]["connected"])
        srm.stop()
        eventually("cause 1 is raised while the SRM server is down",
                   lambda: [m["parameters"]["cause"] for m in active(server, "srm_connection_failed")] == ["1"], timeout=30)
        sent = [raise_message(server, "fan_failure", fanStatus=0), raise_message(server, "fan_failure", fanStatus=1),
                raise_message(server, "charge_counter_overflow", cause=0, number=3)]
        srm.start()
        eventually("restored once the SRM server is back", lambda: occurred(server, "srm_connection_restored"), timeout=60)
        eventually("every message raised meanwhile arrives",
                   lambda: {m["number"] for m in sent} <= {r["message"]["number"] for r in srm.systems()[me]["recent"]}, timeout=30)
        line = srm.systems()[me]
        assert line["colour"] == "red" and line["connected"]
        assert len(occurred(server, "srm_connection_failed")) == 1, "one outage, one failure"
    finally:
        srm.stop()


def test_a_maintenance_session_opens_only_when_enabled_and_everything_through_it_names_the_technician(server, tmp_path):
    with SRMServer(tmp_path, free_port()) as srm:
        me = system_id(server)
        connect(server, srm, srm.add_system(me), destination=False)
        eventually("connected", lambda: srm.systems()[me]["connected"])

        # Barred after a first start (§5.4): the system refuses, with its reason.
        status, body = srm.open_session(me)
        assert status == 409 and "barred" in body["error"], (status, body)

        # One-off enabled on site: the session opens, and the technician still logs in.
        r = server.put("/api/v1/remote-maintenance", {"mode": "one_off"})
        assert r.status == 200, r.describe()
        status, opened = srm.open_session(me)
        assert status == 201, (status, opened)
        relay = opened["relay"]
        status, body = srm.relay(relay, "GET", "/api/v1/users")
        assert status == 401, (status, body)
        status, login = srm.relay(relay, "POST", "/api/v1/session", {"name": "admin", "password": server.admin_password})
        assert status == 201 and login["remote"] is True, (status, login)
        token = login["token"]

        # A change through the session: the log names the technician and the SRM path.
        head = server.head()
        status, created = srm.relay(relay, "POST", "/api/v1/users", {"number": "777", "name": "Via SRM"}, callplane_token=token)
        assert status == 201, (status, created)
        assert server.get("/api/v1/users/777").body["name"] == "Via SRM"
        [event] = server.all_events(after=head, type="user.created")
        assert event["actor"] == "srm:tech1/admin", event
        assert event["source"].startswith("srm:tech1@127.0.0.1 session ") and event["source"].endswith("/srm"), event

        # The relay's token is no good on the local API, nor a local token through the relay.
        assert server.request("GET", "/api/v1/users", token=token).status == 401
        status, _ = srm.relay(relay, "GET", "/api/v1/users", callplane_token=server.token)
        assert status == 401

        # Ending the session ends its Callplane login and bars the one-off enabling again.
        assert srm.end_session(me, opened["session"]) == 204
        eventually("the one-off enabling is barred again", lambda: server.get("/api/v1/remote-maintenance").body["mode"] == "barred")
        status, _ = srm.open_session(me)
        assert status == 409
