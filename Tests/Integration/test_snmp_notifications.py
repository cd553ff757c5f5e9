"""SNMP destinations end to end: the real server sends CALLPLANE-MIB notifications to real
``snmptrapd`` receivers on loopback — an SNMPv2c trap receiver and an SNMPv3 authPriv inform
receiver — which decode every varbind by name with the MIB; and an inform receiver that is
down is retried on virtual time and served once it is up, its outage reported to the local
(syslog) destination meanwhile."""

from __future__ import annotations

import json
import re
import socket
import time

import pytest

from conftest import cli_output, eventually
from peers import SyslogCollector, free_port
from test_event_messages import advance, configure_syslog, delivery, simulate
from test_snmp_agent import BASE_MIBS, MIB_DIR, USER, engine_id, grant, walk_answers
from test_snmp_agent import snmp as snmp_tool
from trap_receiver import TrapReceiver

TRAP_COMMUNITY = "traps-4b2c"


def receiver(port: int | None = None) -> TrapReceiver:
    if BASE_MIBS is None:
        pytest.fail("no SNMPv2-SMI/-TC modules: neither ../shared/mibs/ietf nor /usr/share/snmp/mibs/ietf exists")
    return TrapReceiver(f"{BASE_MIBS}:{MIB_DIR}", TRAP_COMMUNITY, USER, port=port)


def configure_snmp(server, destination: str, trapd: TrapReceiver, notification: str, v3: bool = False) -> dict:
    snmp = {"host": "127.0.0.1", "port": trapd.port, "notification": notification}
    if v3:
        snmp["user"] = USER
    else:
        snmp["community"] = TRAP_COMMUNITY
    r = server.patch(f"/api/v1/destinations/{destination}", {"enabled": True, "snmp": snmp})
    assert r.status == 200, r.describe()
    return r.body


def value(notification: dict, name: str) -> str:
    """The value snmptrapd printed for `name`, without its type and quotes."""
    text = notification.get(f"CALLPLANE-MIB::{name}.0") or notification.get(f"SNMPv2-MIB::{name}.0")
    assert text is not None, f"{name} missing from {notification}"
    return text.split(": ", 1)[1].strip('"')


def test_raised_then_cleared_arrives_as_two_notifications_by_trap_and_by_inform(server):
    with receiver() as v2c, receiver() as v3:
        shown = configure_snmp(server, "snmp_1", v2c, "trap")
        assert shown["snmp"] == {"host": "127.0.0.1", "port": v2c.port, "notification": "trap", "version": "v2c",
                                 "communitySet": True, "user": None}
        assert configure_snmp(server, "snmp_2", v3, "inform", v3=True)["snmp"]["user"] == USER["name"]
        raised = simulate(server, "sip_account_not_available", provider="acme sip", account="4711", cause=1)
        cleared = simulate(server, "sip_account_available", provider="acme sip", account="4711")
        for trapd in (v2c, v3):
            first, second = trapd.wait_for(2)
            assert value(first, "snmpTrapOID") == "CALLPLANE-MIB::cpEventMessageRaised"
            assert value(second, "snmpTrapOID") == "CALLPLANE-MIB::cpEventMessageCleared"
            assert value(first, "cpNotifyTypeCode") == str(raised["code"])
            assert value(second, "cpNotifyTypeCode") == str(cleared["code"])
            assert value(first, "cpNotifyTypeName") == "SIP account not available"
            assert value(second, "cpNotifyTypeName") == "SIP account available"
            assert value(first, "cpNotifySeverity") == "critical(4)"
            assert value(second, "cpNotifySeverity") == "cleared(1)"
            assert value(first, "cpNotifyParameters") == "account=4711; cause=1; provider=acme sip"
            assert value(second, "cpNotifyParameters") == "account=4711; provider=acme sip"
            assert value(first, "cpNotifyNode") == str(raised["node"])
            assert re.match(r"\d{4}-\d{1,2}-\d{1,2},\d{1,2}:\d{1,2}:\d{1,2}\.\d,\+0:0$", value(first, "cpNotifyTime")), first
            assert value(first, "cpNotifyLogPosition") == str(raised["number"])
            assert value(second, "cpNotifyLogPosition") == str(cleared["number"])
            # The clear names the active message the raise opened, so an NMS can pair them.
            assert value(first, "cpNotifyActiveIndex") == value(second, "cpNotifyActiveIndex") == str(raised["number"])
            assert "sysUpTime" in " ".join(first)
        # An inform counts as delivered once acknowledged; the trap once sent.
        for destination in ("snmp_1", "snmp_2"):
            state = eventually(f"{destination} has nothing pending", lambda: (d := delivery(server, destination))["pending"] == 0 and d)
            assert state["reachable"] is True and state["deliveredThrough"] == cleared["position"]
        active = server.get("/api/v1/event-messages/active").body["active"]
        assert raised["number"] not in [m["number"] for m in active]


def test_confirming_an_active_message_sends_the_cleared_notification(server):
    """Issue 13, point 11: an NMS learned of a confirmation only by walking; now it gets
    cpEventMessageCleared as for a positive partner, pointing at the active message."""
    with receiver() as v2c:
        configure_snmp(server, "snmp_1", v2c, "trap")
        raised = simulate(server, "fan_failure", fanStatus=0)
        v2c.wait_for(1)
        r = server.post(f"/api/v1/event-messages/active/{raised['number']}/confirm")
        assert r.status == 200, r.describe()
        first, second = v2c.wait_for(2)
        assert value(second, "snmpTrapOID") == "CALLPLANE-MIB::cpEventMessageCleared"
        assert value(second, "cpNotifySeverity") == "cleared(1)"
        assert value(second, "cpNotifyTypeName") == "Fan failure"
        assert value(second, "cpNotifyParameters") == "fanStatus=0"
        assert value(second, "cpNotifyActiveIndex") == value(first, "cpNotifyActiveIndex") == str(raised["number"])
        assert value(second, "cpNotifyLogPosition") == str(raised["number"]), "the latest occurrence of the confirmed message"


def test_one_occurrence_is_one_notification_after_the_agent_settings_change(server):
    """Issue 13, point 7: a real change through ``PUT /api/v1/snmp/agent`` retires every
    notification session; closing the stale one used to fail the notification about to go out
    on the fresh one, so the outbox sent it again ~100 ms later (twice at every receiver)."""
    from test_snmp_agent import grant, walk_answers
    with receiver() as v2c, receiver() as v3:
        configure_snmp(server, "snmp_1", v2c, "trap")
        configure_snmp(server, "snmp_2", v3, "inform", v3=True)
        before = simulate(server, "fan_failure", fanStatus=0)
        for trapd in (v2c, v3):
            trapd.wait_for(1)
        grant(server)
        eventually("the agent applied its new access", lambda: walk_answers(server))
        after = simulate(server, "fan_in_operation", fanStatus=1)
        for trapd in (v2c, v3):
            trapd.wait_for(2)
        for destination in ("snmp_1", "snmp_2"):
            state = eventually(f"{destination} delivered the second message",
                               lambda: (d := delivery(server, destination))["deliveredThrough"] == after["position"] and d)
            # No retry round is due: nothing of it is to be sent again.
            assert state["nextRoundAt"] is None and state["reachable"] is True, state
        # The duplicate came ~100 ms after the first copy, when the outbox retried, and before
        # it moved on. So instead of sleeping a while and seeing nothing (which a slow or dead
        # outbox passes too), send one more message: it goes out after everything before it,
        # so once it has arrived a duplicate would have too (issue 14, point 8).
        sentinel = simulate(server, "test_event_message")
        for trapd in (v2c, v3):
            trapd.wait_for(3)
        expected = [str(m["number"]) for m in (before, after, sentinel)]
        for trapd in (v2c, v3):
            positions = [value(n, "cpNotifyLogPosition") for n in trapd.notifications]
            assert positions == expected, (trapd.port, positions)


def test_inform_to_a_receiver_that_is_down_is_retried_and_delivered_once_it_is_up(server_factory):
    server = server_factory(args=["--virtual-clock"])
    trapd = receiver(port=free_port(socket.SOCK_DGRAM))
    with SyslogCollector("udp") as local:
        configure_syslog(server, "local_1", local)
        configure_snmp(server, "snmp_1", trapd, "inform", v3=True)
        fan = simulate(server, "fan_failure", fanStatus=0)
        # A round of 5 unanswered attempts (each waits up to 2 s), then the outage is reported
        # to the other destinations.
        down = eventually("the outage reaches the local destination", lambda: [
            m for m in local.messages if m["sd"]["callplane@32473"]["type"] == "external_destination_not_reachable"], timeout=60)
        assert down[0]["sd"]["params@32473"] == {"destination": "snmp_1", "cause": "1"}
        state = delivery(server, "snmp_1")
        assert state["reachable"] is False and state["pending"] >= 1 and state["lastError"]
        with trapd:
            advance(server, 300)
            first = trapd.wait_for(1, timeout=30)[0]
            assert value(first, "cpNotifyLogPosition") == str(fan["number"])
            assert value(first, "cpNotifyTypeName") == "Fan failure"
            up = eventually("the recovery reaches the local destination", lambda: [
                m for m in local.messages if m["sd"]["callplane@32473"]["type"] == "external_destination_reachable"], timeout=30)
            assert up[0]["sd"]["params@32473"] == {"destination": "snmp_1"}
            state = eventually("snmp_1 has delivered everything", lambda: (d := delivery(server, "snmp_1"))["pending"] == 0 and d)
            assert state["reachable"] is True
            # Never told about its own outage.
            names = [value(n, "cpNotifyTypeName") for n in trapd.notifications]
            assert not [n for n in names if "destination" in n], names


def test_a_down_snmpv3_receiver_does_not_stall_the_agent(server):
    """Issue 13, point 10: net-snmp discovered an SNMPv3 receiver's engine ID inside
    ``snmp_open``, on the agent's thread, so while a receiver was down every attempt held the
    agent ~2 s and walks waited behind it. A receiver that takes the packets and never answers
    (a hung snmptrapd) is tried through a whole round while an NMS keeps reading the agent."""
    grant(server)
    eventually("the agent answers", lambda: walk_answers(server))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.setblocking(False)
        body = {"host": "127.0.0.1", "port": silent.getsockname()[1], "notification": "inform", "user": USER}
        assert server.patch("/api/v1/destinations/snmp_1", {"enabled": True, "snmp": body}).status == 200
        simulate(server, "fan_failure", fanStatus=0)
        latencies, probes = [], []
        window = time.monotonic() + 8
        while time.monotonic() < window:
            started = time.monotonic()
            out = snmp_tool("snmpget", server.snmp_port, "CALLPLANE-MIB::cpSystemName.0", timeout=5)
            latencies.append(time.monotonic() - started)
            assert out.returncode == 0 and "cpSystemName.0" in out.stdout, out.stderr
            while True:
                try:
                    probes.append(silent.recv(65535))
                except BlockingIOError:
                    break
        # The receiver was tried all along (each attempt sends its discovery and one resend) ...
        assert len(probes) >= 4, probes
        # What it sent is RFC 3414's discovery request: a real net-snmp engine (the server's own
        # agent) answers it with a Report naming itself.
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as nms:
            nms.settimeout(3)
            nms.sendto(probes[0], ("127.0.0.1", server.snmp_port))
            report = nms.recv(65535)
        assert engine_id(server) in report.hex() and bytes([0xA8]) in report, report.hex()
        state = eventually("the round fails", lambda: (d := delivery(server, "snmp_1"))["lastError"] and d, timeout=30)
        assert state["pending"] >= 1 and "engine ID discovery" in state["lastError"], state
        # ... and no read waited for it: a blocked attempt held the agent ~2 s.
        latencies.sort()
        assert latencies[-1] < 1.0, [round(t, 3) for t in latencies]


def test_cli_points_a_destination_at_a_receiver_and_its_test_message_arrives(server):
    with receiver() as trapd:
        body = {"host": "127.0.0.1", "port": trapd.port, "notification": "trap", "community": TRAP_COMMUNITY}
        out = server.cli("snmp", "destination", "snmp_3", input=json.dumps(body))
        assert out.returncode == 0 and f"snmp_3 sends v2c traps to 127.0.0.1:{trapd.port}" in out.stdout, cli_output(out)
        out = server.cli("destinations", "test", "snmp_3")
        assert out.returncode == 0, cli_output(out)
        test = trapd.wait_for(1)[0]
        assert value(test, "cpNotifyTypeName") == "Test event message"
        assert value(test, "cpNotifyActiveIndex") == "0", "a test message to one destination opens no active message"
    # The community is sealed in the log and never shown.
    configured = [e for e in server.all_events(type="destination.configured") if e["payload"]["id"] == "snmp_3"]
    assert configured and configured[-1]["payload"]["settings"]["snmp"]["community"] == "[sealed]"
    assert TRAP_COMMUNITY not in json.dumps(server.get("/api/v1/destinations/snmp_3").body)


@pytest.mark.parametrize("snmp, field", [
    ({"host": "127.0.0.1", "notification": "trap", "user": USER}, "snmp.notification"),
    ({"host": "127.0.0.1", "notification": "inform", "community": "c0mmunity", "user": USER}, "snmp"),
    ({"host": "127.0.0.1", "notification": "inform"}, "snmp"),
    ({"host": "127.0.0.1", "port": 70000, "notification": "trap", "community": "c0mmunity"}, "snmp.port"),
    ({"host": "127.0.0.1", "notification": "inform", "user": dict(USER, authPassphrase="short")}, "snmp.user.authPassphrase"),
    ({"host": "127.0.0.1", "notification": "sometimes", "community": "c0mmunity"}, "snmp.notification"),
])
def test_bad_receivers_are_refused_naming_the_rule_and_change_nothing(server, snmp, field):
    head = server.head()
    r = server.patch("/api/v1/destinations/snmp_3", {"enabled": True, "snmp": snmp})
    assert r.status in (400, 422), r.describe()
    assert r.body["details"]["field"] == field, r.describe()
    assert server.head() == head
    assert server.get("/api/v1/destinations/snmp_3").body["snmp"] is None
