"""The alarm server interface, ATAS (issue 17, point 3; docs/atas.md), against the test alarm
server in atas_client.py — written from docs/atas.md alone — over TLS with the system's own
certificate, a sipp terminal receiving the texts as SIP MESSAGE, and a syslog collector as the
"other destination" that sees the link's event messages.
"""
from __future__ import annotations

import json
import socket
import ssl
import subprocess
import time
from pathlib import Path

import pytest

from atas_client import ATASClient, ATASError, ConnectionClosed
from conftest import HOST, eventually, free_udp_tcp_port
from peers import SyslogCollector
from test_access_control import INITIAL, OWN, create_account, new_account
from test_sip_calls import SCENARIOS, register_for
from test_sip_registrar import PASSWORD

CYCLE = 5  # the shortest interval the destination takes, so a missing cycle shows in 7.5 s


@pytest.fixture
def atas(server_factory, tmp_path):
    """A server listening for an alarm server over TLS, the ATAS destination on with a 5 s
    cycle, an account `alarm-desk` whose profile has the ATAS interface right (and WebAdmin, to
    change its first password), and the CA to trust."""
    port = free_udp_tcp_port()
    server = server_factory(args=["--sip-digest-algorithms", "MD5,SHA-256", "--atas-listen", f"tls:127.0.0.1:{port}"])
    server.atas_port = port
    ca = tmp_path / "ca.pem"
    ca.write_text(server.get("/api/v1/tls/certificate").body["authorityCertificate"])
    server.ca_file = str(ca)
    r = server.post("/api/v1/profiles", {"id": "alarm-server", "name": "Alarm server", "areas": {},
                                         "interfaces": ["webadmin_api", "atas"], "fileAccess": "none"})
    assert r.status == 201, r.describe()
    new_account(server, "alarm-desk", "alarm-server")
    r = server.patch("/api/v1/destinations/atas", {"enabled": True, "alarmServer": {"cycleSeconds": CYCLE}})
    assert r.status == 200, r.describe()
    return server


def until(condition, what: str, timeout: float = 15.0):
    return eventually(what, condition, timeout)


def connect(server, **kw) -> ATASClient:
    return ATASClient(HOST, server.atas_port, ca_file=server.ca_file, **kw)


def messages_of(server, key: str) -> list[dict]:
    return [m for m in server.get("/api/v1/event-messages/log").body["messages"] if m["type"] == key]


def simulate(server, type_: str, **parameters) -> int:
    r = server.post("/api/v1/event-messages", {"type": type_, "parameters": parameters})
    assert r.status == 201, r.describe()
    return r.body["position"] if "position" in r.body else r.body["number"]


def text_phone(tmp_path: Path, name: str) -> tuple[subprocess.Popen, int, Path]:
    """A sipp terminal that answers one MESSAGE with 200 and keeps every message it saw."""
    port = free_udp_tcp_port()
    folder = tmp_path / name
    folder.mkdir()
    proc = subprocess.Popen(
        ["sipp", "-sf", str(SCENARIOS / "message_uas.xml"), "-m", "1", "-i", HOST, "-p", str(port), "-t", "u1",
         "-timeout", "30s", "-timeout_error", "-nostdin", "-trace_msg", "-trace_err"],
        cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
    return proc, port, folder


def test_an_alarm_server_logs_on_receives_acknowledges_shows_texts_and_its_link_is_watched(atas, tmp_path):
    server = atas
    with SyslogCollector("udp") as syslog:
        r = server.patch("/api/v1/destinations/local_1", {"enabled": True, "syslog": {"transport": "udp", "host": HOST, "port": syslog.port}})
        assert r.status == 200, r.describe()
        client = connect(server)
        ok = client.logon("alarm-desk", OWN)
        assert ok["protocol"] == 1 and ok["cycleSeconds"] == CYCLE, ok
        client.start_cycling(1)

        # The logon raises "ATAS: Connection established" (code 1), which is itself critical
        # and reaches the alarm server first, with its log position as id.
        first = client.event_messages(1, timeout=15)[0]
        assert first["key"] == "atas_connection_established" and first["code"] == 1 and first["severity"] == "critical", first
        assert first["name"] == "ATAS: Connection established" and first["polarity"] == "positive", first
        status = server.get("/api/v1/atas").body
        assert status["listening"] == f"tls:127.0.0.1:{server.atas_port}" and status["link"] == "connected", status
        assert status["alarmServer"]["account"] == "alarm-desk" and status["alarmServer"]["cycleSeconds"] == CYCLE, status
        until(lambda: server.get("/api/v1/atas").body["lastAcknowledged"] == first["id"], what="the acknowledgement")
        shown = server.cli("atas")
        assert shown.returncode == 0, shown.stderr
        assert f"listening\ttls:127.0.0.1:{server.atas_port}" in shown.stdout and "alarm server\talarm-desk from 127.0.0.1" in shown.stdout, shown.stdout
        assert f"cycle\tevery {CYCLE} s" in shown.stdout and "link\tconnected" in shown.stdout, shown.stdout

        # Messages routed to table 6 arrive in order, each acknowledged; the destination's
        # cursor follows the acknowledgements.
        simulate(server, "mains_voltage_failure")
        simulate(server, "fan_failure", fanStatus="1", defectiveFan="2")
        got = client.event_messages(2, timeout=15)
        assert [m["key"] for m in got] == ["mains_voltage_failure", "fan_failure"], got
        assert got[0]["id"] < got[1]["id"] and got[1]["parameters"].get("defectiveFan") == "2", got
        until(lambda: server.get("/api/v1/destinations/atas").body["delivery"]["reachable"] is True, what="atas reachable")

        # A text on a registered terminal (sipp), and the outcome per user.
        server.create_user("205", "Eve Operator")
        server.create_terminal("t205", password=PASSWORD, userNumber="205")
        server.create_user("206", "Nobody Registered")
        phone, phone_port, folder = text_phone(tmp_path, "phone")
        register_for(server, "t205", phone_port)
        result = client.show_text("r-17", "Room 12 calls", users=["205", "206", "999"], softkeys=["Accept", "Reject"])
        assert result["results"] == [
            {"user": "205", "outcome": "shown", "terminals": 1},
            {"user": "206", "outcome": "not_registered", "terminals": 0},
            {"user": "999", "outcome": "unknown_user", "terminals": 0},
        ], result
        out, err = phone.communicate(timeout=30)
        assert phone.returncode == 0, err
        seen = "".join(p.read_text(errors="replace") for p in folder.glob("*_messages.log"))
        assert "MESSAGE sip:t205@" in seen and "Room 12 calls\r\n[Accept] [Reject]" in seen.replace("\n", "\r\n").replace("\r\r", "\r"), seen[-2000:]

        # A rule broken: nothing is sent, the error names the field and echoes the request.
        with pytest.raises(ATASError) as refused:
            client.show_text("r-19", "x" * 161, users=["205"])
        assert refused.value.code == "invalid_field" and refused.value.field == "text" and refused.value.request == "r-19"
        assert "160" in refused.value.rule

        # The cycle signal stops: after 1.5 intervals the server closes the connection and raises
        # "ATAS: Connection lost" with cause 1, which the other destinations see.
        client.stop_cycling()
        stopped = time.monotonic()
        assert client.closed(timeout=CYCLE * 1.5 + 5), "the connection stayed open without cycle signals"
        assert time.monotonic() - stopped >= CYCLE * 1.5 - 1.5
        lost = until(lambda: messages_of(server, "atas_connection_lost"), what="connection lost")
        assert lost[-1]["parameters"]["cause"] == "1", lost
        syslog.wait_for(1, timeout=15)
        until(lambda: any(m["msg"] == "ATAS: Connection lost" for m in syslog.messages), what="lost at the syslog destination")
        assert server.get("/api/v1/atas").body["link"] == "down"

        # While nobody is logged on, messages wait in the log; the destination is not reachable.
        simulate(server, "fan_failure", fanStatus="0", defectiveFan="3")
        until(lambda: server.get("/api/v1/destinations/atas").body["delivery"]["reachable"] is False, timeout=20,
              what="atas not reachable")

        # A new logon gets what it missed, in order: the lost message, the fan failure, then the
        # new "Connection established".
        again = connect(server)
        again.logon("alarm-desk", OWN)
        again.start_cycling(1)
        missed = again.event_messages(3, timeout=30)
        keys = [m["key"] for m in missed]
        assert keys == ["atas_connection_lost", "fan_failure", "atas_connection_established"], missed
        ids = [m["id"] for m in missed]
        assert ids == sorted(ids) and ids[0] > got[1]["id"], ids

        # A logoff: "Connection lost" with cause 0.
        again.logoff()
        lost = until(lambda: [m for m in messages_of(server, "atas_connection_lost") if m["parameters"]["cause"] == "0"],
                          what="lost by logoff")
        assert len(lost) == 1
        until(lambda: any(m["msg"] == "ATAS: Connection lost" for m in syslog.messages[-3:]), what="the second lost at syslog")


def test_a_logon_without_the_atas_right_or_with_a_wrong_password_is_refused_and_recorded(atas):
    server = atas
    r = server.post("/api/v1/profiles", {"id": "no-atas", "name": "No ATAS", "areas": {}, "interfaces": ["webadmin_api"], "fileAccess": "none"})
    assert r.status == 201, r.describe()
    new_account(server, "desk-without-right", "no-atas")
    for account, password, reason in (("desk-without-right", OWN, "interface_not_permitted"), ("alarm-desk", "wrong", "wrong_password")):
        client = connect(server)
        with pytest.raises(ATASError) as refused:
            client.logon(account, password)
        assert refused.value.code == "logon_refused", refused.value.error
        assert client.closed(timeout=5), "a refused logon keeps its connection"
        log = server.get(f"/api/v1/accounts/{account}/access-log").body["entries"]
        assert log[0]["interface"] == "atas" and log[0]["reason"] == reason and log[0]["source"] == HOST, log
    # An account that has not changed its first password may not log on here either.
    create_account(server, "fresh-desk", "alarm-server")
    client = connect(server)
    with pytest.raises(ATASError) as refused:
        client.logon("fresh-desk", INITIAL)
    assert "must change its password" in refused.value.message
    assert server.get("/api/v1/atas").body["alarmServer"] is None
    assert messages_of(server, "atas_connection_established") == []


def test_broken_lines_and_requests_out_of_order_get_errors_that_name_the_rule(atas):
    server = atas
    client = connect(server)
    client.send({"type": "cycle"})
    assert client.receive("error", timeout=5)["code"] == "not_logged_on"
    client.send({"type": "reboot"})
    assert client.receive("error", timeout=5)["code"] == "unknown_type"
    client.logon("alarm-desk", OWN)
    client.send({"type": "ack", "id": 999999})
    error = client.receive("error", timeout=5)
    assert error["code"] == "unknown_id" and error["id"] == 999999, error
    client.send({"type": "ack", "id": "12"})
    error = client.receive("error", timeout=5)
    assert error["code"] == "invalid_field" and error["field"] == "id", error
    # Another account cannot log on meanwhile; the first keeps its connection.
    new_account(server, "second-desk", "alarm-server")
    second = connect(server)
    with pytest.raises(ATASError) as refused:
        second.logon("second-desk", OWN)
    assert refused.value.code == "already_logged_on", refused.value.error
    client.cycle()
    # A line that is not JSON ends the connection with malformed_line.
    client.send_raw(b"not json\n")
    assert client.receive("error", timeout=5)["code"] == "malformed_line"
    assert client.closed(timeout=5)
    # A line longer than 8,192 octets: line_too_long, closed.
    third = connect(server)
    third.send_raw(b"{" + b" " * 9000)
    assert third.receive("error", timeout=5)["code"] == "line_too_long"
    assert third.closed(timeout=5)


def test_the_interface_is_off_unless_configured_and_the_destination_takes_its_interval_from_the_cli(server):
    assert server.get("/api/v1/atas").body == {"listening": None, "link": "down", "alarmServer": None, "lastAcknowledged": None}
    assert "listening\toff (atas.listen)" in server.cli("atas").stdout
    done = server.cli("destinations", "atas", "--cycle-seconds", "45")
    assert done.returncode == 0, done.stderr
    atas = server.get("/api/v1/destinations/atas").body
    assert atas["enabled"] is True and atas["alarmServer"] == {"cycleSeconds": 45}, atas
    refused = server.cli("destinations", "atas", "--cycle-seconds", "301")
    assert refused.returncode != 0 and "atas_cycle_seconds" in refused.stdout + refused.stderr
