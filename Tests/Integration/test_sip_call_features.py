"""What a call to a number does beyond ringing a user (issue 15 points 4–7), against sipp: the
function codes *754/#754 (remote maintenance, manual §5.4.1–5.4.2) for a permitted user and
refused for another, *77nnn (USER EVENT MESSAGE, Tab. 24), a public emergency number (Tab. 24
"Emergency call started", routed to the internal destination), call forwarding unconditional,
busy on busy, and event messages shown on a system phone as SIP MESSAGE (§6.3.1.3).
"""
from __future__ import annotations

import socket
import struct
import subprocess
import time
from pathlib import Path

import pytest

from conftest import HOST, eventually, free_udp_tcp_port
from test_sip_calls import SCENARIOS, Callee, call, call_facts, call_through, ended_fact, pbx, register_for  # noqa: F401 (pbx is a fixture)
from test_sip_registrar import PASSWORD, said


def dial_code(server, code: str, tmp_path: Path, rtp_port: int) -> subprocess.CompletedProcess:
    """t201 dials a function code with an offer whose audio port is `rtp_port`."""
    fields = tmp_path / f"code-{code.strip('*%')}.csv"
    fields.write_text(f"SEQUENTIAL\nt201;{rtp_port};\n")
    cmd = ["sipp", f"{HOST}:{server.sip_port}", "-sf", str(SCENARIOS / "call_uac_function_code.xml"), "-inf", str(fields),
           "-s", code, "-m", "1", "-i", HOST, "-p", str(free_udp_tcp_port()), "-t", "u1", "-au", "t201", "-ap", PASSWORD,
           "-auth_uri", f"{code}@{HOST}:{server.sip_port}", "-timeout", "20s", "-timeout_error", "-nostdin", "-trace_err",
           "-error_file", str(tmp_path / "sipp-code.err")]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, cwd=tmp_path, stdin=subprocess.DEVNULL)


def rtp_socket() -> socket.socket:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((HOST, 0))
    s.settimeout(0.5)
    return s


def received_rtp(s: socket.socket) -> list[tuple[int, int]]:
    """(payload type, sequence number) of every RTP packet waiting on `s`."""
    packets = []
    while True:
        try:
            data = s.recv(2048)
        except socket.timeout:
            return packets
        packets.append((data[1] & 0x7F, struct.unpack("!H", data[2:4])[0]))


def active_messages(server, type_: str) -> list[dict]:
    return [m for m in server.get("/api/v1/event-messages/active").body["active"] if m["type"] == type_]


def test_remote_maintenance_codes_for_a_permitted_user_only(pbx, tmp_path):
    server = pbx
    rtp = rtp_socket()
    # No user may use them after a first start (§5.4.1): 403, and nothing changes.
    run = call(server, "call_uac_refused.xml", "*754", tmp_path, 403, "-auth_uri", f"*754@{HOST}:{server.sip_port}")
    assert run.returncode == 0, said(run, tmp_path)
    assert server.get("/api/v1/remote-maintenance").body["mode"] == "barred"

    r = server.patch("/api/v1/users/201/telephony", {"remoteMaintenanceAccess": True})
    assert r.status == 200, r.describe()
    run = dial_code(server, "*754", tmp_path, rtp.getsockname()[1])
    assert run.returncode == 0, said(run, tmp_path)
    state = server.get("/api/v1/remote-maintenance").body
    assert state["mode"] == "one_off" and state["enabled"] is True, state
    # About one second of acknowledgement tone as G.711 (PCMU, the offer's only codec).
    packets = received_rtp(rtp)
    assert 40 <= len(packets) <= 60 and {pt for pt, _ in packets} == {0}, packets[:5]
    sequence = [n for _, n in packets]
    assert all((b - a) % 65536 == 1 for a, b in zip(sequence, sequence[1:])), sequence[:10]
    enabled = [e for e in server.all_events(type="eventmessage.occurred") if e["payload"]["type"] == "remote_maintenance_enabled"]
    assert len(enabled) == 1 and enabled[0]["actor"] == "sip:201", enabled

    # A phone escapes "#" in the Request-URI (RFC 3261 §25.1: it is not an unreserved character).
    run = dial_code(server, "%23754", tmp_path, rtp.getsockname()[1])
    assert run.returncode == 0, said(run, tmp_path)
    assert server.get("/api/v1/remote-maintenance").body["mode"] == "barred"
    kinds = [f["payload"].get("kind") for f in call_facts(server, 0) if f["type"] == "call.started"]
    assert kinds.count("functionCode") == 2, kinds


def test_star_77_raises_the_user_event_message(pbx, tmp_path):
    server = pbx
    rtp = rtp_socket()
    run = dial_code(server, "*77123", tmp_path, rtp.getsockname()[1])
    assert run.returncode == 0, said(run, tmp_path)
    raised = [e["payload"] for e in server.all_events(type="eventmessage.occurred") if e["payload"]["type"] == "user_event_message"]
    assert len(raised) == 1 and raised[0]["parameters"] == {"userCode": "123", "userNumber": "201"}, raised
    assert len(received_rtp(rtp)) >= 40


def test_an_emergency_number_raises_its_message_and_still_connects(pbx, tmp_path):
    server = pbx
    r = server.put("/api/v1/emergency-numbers", {"numbers": None, "internalDestination": "202"})
    assert r.status == 200 and r.body["numbers"] == ["112"], r.describe()
    before = call_through(server, "call_uas.xml", "call_uac.xml", "112", tmp_path)
    started = active_messages(server, "emergency_call_started")
    assert len(started) == 1, started
    assert started[0]["severity"] == "critical" and started[0]["parameters"]["dialledNumber"] == "112", started
    assert started[0]["parameters"]["userNumber"] == "201", started
    facts = call_facts(server, before)
    first = facts[0]["payload"]
    assert (first["kind"], first["dialled"], first["callee"]) == ("emergency", "112", "202"), first
    assert ended_fact(server, before)["payload"]["cause"] == "normal"
    # It stays active until someone confirms it: "Emergency call ended".
    r = server.post(f"/api/v1/event-messages/active/{started[0]['number']}/confirm")
    assert r.status in (200, 201), r.describe()
    assert active_messages(server, "emergency_call_started") == []


def test_call_forwarding_unconditional_rings_the_target(pbx, tmp_path):
    server = pbx
    server.create_user("203", "Cleo Forwarded")
    r = server.patch("/api/v1/users/203/telephony", {"callForwardingUnconditional": "202"})
    assert r.status == 200, r.describe()
    before = call_through(server, "call_uas.xml", "call_uac.xml", "203", tmp_path)
    first = call_facts(server, before)[0]["payload"]
    assert (first["dialled"], first["callee"]) == ("203", "202"), first


def test_busy_on_busy_answers_a_second_call_486(pbx, tmp_path):
    server = pbx
    server.create_user("204", "Dan Second Caller")
    server.create_terminal("t202", password=PASSWORD, userNumber="202")
    r = server.patch("/api/v1/users/202/telephony", {"busyOnBusy": True})
    assert r.status == 200, r.describe()
    callee = Callee("call_uas.xml", tmp_path, "busy")
    register_for(server, "t202", callee.port)
    first = call(server, "call_uac.xml", "202", tmp_path, None, talk_ms=4000, wait=False)
    try:
        eventually("the first call is connected",
                   lambda: [c for c in server.get("/api/v1/calls").body["calls"] if c.get("answeredAt")], timeout=15)
        second = tmp_path / "second"
        second.mkdir()
        run = call(server, "call_uac_refused.xml", "202", second, 486)
        assert run.returncode == 0, said(run, second)
    finally:
        assert first.wait(timeout=30) == 0
    assert callee.wait().returncode == 0


def test_a_system_phone_shows_event_messages_as_sip_message(pbx, tmp_path):
    server = pbx
    server.create_user("205", "Eve Operator")
    server.create_terminal("t205", password=PASSWORD, userNumber="205")
    r = server.put("/api/v1/message-groups/16", {"name": "System phone 1", "members": ["205"]})
    assert r.status == 200, r.describe()
    phone = Callee("message_uas.xml", tmp_path, "phone")
    register_for(server, "t205", phone.port)
    r = server.post("/api/v1/destinations/system_phone_1/test")
    assert r.status == 201, r.describe()
    assert r.body["delivery"]["outcome"] == "delivered", r.body
    assert phone.wait().returncode == 0
    text = phone.logs()
    assert f"Content-Type: text/plain text: {r.body['severity'].upper()}: Test event message" in text, text[-2000:]
    assert server.get("/api/v1/destinations/system_phone_1").body["delivery"]["adapter"] == "sip_message"
