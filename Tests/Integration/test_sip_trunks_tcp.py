"""SIP trunks over TCP (issue 16, point 1: the provider's transport), against sipp listening on
TCP as the provider: the server opens the connection itself, names that connection's own
address in the Contact with `;transport=tcp` (the provider reaches the system back over it),
calls go out over it, and when the provider drops it the account registers again — 30 s of
virtual time after its last success, so a provider that hangs up every connection is not asked in
a loop — and a provider no longer listening is "SIP account not available" with cause 0 and a
reason that says the connection was refused.
"""
from __future__ import annotations

import re

from conftest import HOST, eventually, free_udp_tcp_port
from test_sip_trunks import PASSWORD, USER, Provider, Registrar, configure_trunk, registration, summary, trunk_messages


def test_an_account_registers_over_tcp_and_registers_again_when_the_provider_drops_the_connection(server_factory, tmp_path):
    server = server_factory(args=["--virtual-clock"])
    port = free_udp_tcp_port([server.sip_port])
    registrar = Registrar(port, tmp_path, transport="t1")
    before = server.head()
    r = server.put("/api/v1/trunks/providers/1", {"name": "Carrier", "host": HOST, "port": port, "transport": "tcp",
                                                  "registerIntervalSeconds": 600})
    assert r.status == 200 and r.body["transport"] == "tcp", r.describe()
    r = server.put("/api/v1/trunks/accounts/1", {"provider": 1, "user": USER, "password": PASSWORD, "channels": 2})
    assert r.status == 200, r.describe()
    trace = registrar.finish()
    # sipp exits straight after its 200, so the registration may already be waiting again.
    eventually("registered over TCP", lambda: registration(server)["lastOutcome"] == "200 OK")
    assert registration(server)["availability"] == "available"
    assert f"REGISTER sip:{HOST}:{port};transport=tcp SIP/2.0" in trace, trace[-3000:]
    contact = re.search(rf"Contact: <sip:{USER}@{HOST}:(\d+);transport=tcp>", trace)
    assert contact, trace[-3000:]
    # The connection's own port, not the server's listener: the provider's calls come back over
    # the connection the registration was made on.
    assert int(contact.group(1)) != server.sip_port, trace[-3000:]
    via = re.search(r"Via: SIP/2.0/TCP [0-9.]+:(\d+);", trace)
    assert via and via.group(1) == contact.group(1), trace[-3000:]

    # sipp has exited (one registration) and its connection is gone: the account registers
    # again, but not before 30 s after its success; nothing listens now, so the attempt is
    # refused and "not available" (cause 0) is raised once.
    eventually("the closed connection was noticed", lambda: registration(server)["phase"] == "waiting", timeout=15)
    assert trunk_messages(server, before) == []
    server.post("/api/v1/clock/advance", {"seconds": 31})
    down = eventually("SIP account not available (cause 0)", lambda: trunk_messages(server, before), timeout=30)
    assert [summary(m) for m in down] == [("sip_account_not_available", "Carrier", USER, "0")], down
    state = registration(server)
    assert "refused" in state["lastOutcome"] and "TCP connection" in state["lastOutcome"], state


def test_an_outside_call_goes_out_over_a_tcp_trunk(server_factory, tmp_path):
    from test_sip_calls import call, call_facts, ended_fact
    from test_sip_registrar import PASSWORD as TERMINAL_PASSWORD, said
    server = server_factory(args=["--sip-digest-algorithms", "MD5,SHA-256"])
    server.create_user("201", "Ann Caller")
    server.create_terminal("t201", password=TERMINAL_PASSWORD, userNumber="201")
    provider = Provider(tmp_path, transport="t1")
    configure_trunk(server, provider.port, transport="tcp")
    before = server.head()
    run = call(server, "call_uac.xml", "00449876543", tmp_path)
    logs = provider.finish()
    assert run.returncode == 0, said(run, tmp_path)
    assert f"called 0449876543 presented <sip:{USER}@{HOST}>" in logs, logs[-2000:]
    messages = provider.messages()
    assert f"INVITE sip:0449876543@{HOST}:{provider.port};transport=tcp SIP/2.0" in messages, messages[-3000:]
    assert re.search(rf"Contact: <sip:{USER}@{HOST}:\d+;transport=tcp>", messages), messages[-3000:]
    assert ended_fact(server, before)["payload"]["cause"] == "normal"
    assert [f["type"] for f in call_facts(server, before)] == ["call.started", "call.answered", "call.ended"]
