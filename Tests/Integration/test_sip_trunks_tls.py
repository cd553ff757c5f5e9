"""SIP trunks over TLS (issue 16, point 1; manual §3.1.6.1 Secure VoIP) against Kamailio as the
provider (`kamailio_provider.py`: a real registrar and proxy with its tls module, which never
dials a customer — everything it sends goes over the connection the customer opened).

* A provider whose certificate the system does not trust is "SIP account not available"
  (cause 0) with the reason in the registration; naming its CA in `caFile` makes the account
  register, "SIP account available" — each raised once.
* A call from the public network to a DDI comes back over the server's own TLS connection and
  rings the user of the DDI plan — found in To, since the provider puts the registered Contact
  (the account's number) in the Request-URI.
* An outside call goes out over the same connection, answering the provider's 407.
* A certificate for another name is refused even when its CA is trusted.
* A provider's SRTP offer (over TLS) is taken: the relay answers it with SRTP and its own key,
  and the phone reached over UDP gets plain RTP and no key.
"""
from __future__ import annotations

import re
import subprocess
import time

import pytest

from conftest import HOST, eventually, free_udp_tcp_port
from kamailio_provider import KamailioProvider
from test_sip_trunks import PASSWORD, SCENARIOS, USER, registration, summary, trunk_messages


def configure(server, provider: KamailioProvider, ca_file: str | None, ddis: list[str] | None = None) -> None:
    body = {"name": "Carrier", "host": HOST, "port": provider.tls_port, "transport": "tls", "registerIntervalSeconds": 600}
    if ca_file:
        body["caFile"] = ca_file
    r = server.put("/api/v1/trunks/providers/1", body)
    assert r.status == 200 and r.body["transport"] == "tls" and r.body["caFile"] == ca_file, r.describe()
    r = server.put("/api/v1/trunks/accounts/1", {"provider": 1, "user": USER, "password": PASSWORD, "channels": 2,
                                                 "ddis": ddis or ["0441234500-0441234599"]})
    assert r.status == 200, r.describe()


@pytest.fixture
def office(server_factory):
    """Ann (201) calls out; Bob (202) is rung by DDI 0441234502. sipp answers MD5 only."""
    from test_sip_registrar import PASSWORD as TERMINAL_PASSWORD
    server = server_factory(args=["--sip-digest-algorithms", "MD5,SHA-256"])
    server.create_user("201", "Ann Caller")
    server.create_terminal("t201", password=TERMINAL_PASSWORD, userNumber="201")
    server.create_user("202", "Bob Callee")
    server.create_terminal("t202", password=TERMINAL_PASSWORD, userNumber="202")
    return server


def test_a_tls_provider_is_trusted_by_its_ca_and_carries_calls_both_ways_over_one_connection(office, tmp_path):
    from test_sip_calls import Callee, call, call_facts, ended_fact, register_for
    from test_sip_registrar import said
    server = office
    # The outside callee starts just before Ann's call (sipp gives up after 25 s); its port is
    # the provider's forwarding target from the start.
    outside_port = free_udp_tcp_port([server.sip_port])
    provider = KamailioProvider(tmp_path, USER, PASSWORD, uas_port=outside_port)
    try:
        before = server.head()
        # The system's roots do not know the provider's test CA: the handshake fails.
        configure(server, provider, ca_file=None)
        down = eventually("SIP account not available (untrusted certificate)", lambda: trunk_messages(server, before))
        assert [summary(m) for m in down] == [("sip_account_not_available", "Carrier", USER, "0")], down
        outcome = registration(server)["lastOutcome"]
        assert "TLS connection" in outcome and "certificate" in outcome.lower(), outcome
        assert provider.registered_contacts() == []

        configure(server, provider, ca_file=str(provider.ca_file))
        up = eventually("SIP account available", lambda: trunk_messages(server, before)[1:])
        assert [summary(m) for m in up] == [("sip_account_available", "Carrier", USER, None)], up
        state = registration(server)
        assert (state["phase"], state["lastOutcome"]) == ("registered", "200 OK"), state
        contacts = provider.registered_contacts()
        assert len(contacts) == 1 and re.fullmatch(rf"sip:{USER}@{HOST}:\d+;transport=tls", contacts[0]), contacts

        # A call from the public network to DDI 0441234502: the provider looks the account up
        # and sends the INVITE over the server's connection, R-URI the Contact, DDI in To.
        bob = Callee("call_uas.xml", tmp_path, "bob")
        register_for(server, "t202", bob.port)
        assert server.put("/api/v1/trunks/ddi-plan", {"assignments": [{"ddi": "0441234502", "user": "202"}]}).status == 200
        time.sleep(1.0)  # the published plan reaches the call core
        mark = server.head()
        run = subprocess.run(
            ["sipp", f"{HOST}:{provider.udp_port}", "-sf", str(SCENARIOS / "provider_call_uac.xml"), "-s", "0441234502", "-m", "1",
             "-i", HOST, "-p", str(free_udp_tcp_port([server.sip_port, provider.udp_port])), "-t", "u1", "-d", "300",
             "-timeout", "25s", "-timeout_error", "-nostdin", "-trace_err", "-error_file", str(tmp_path / "sipp-network.err")],
            capture_output=True, text=True, timeout=60, cwd=tmp_path, stdin=subprocess.DEVNULL)
        answered = bob.wait()
        assert run.returncode == 0, said(run, tmp_path) + provider.log_tail()
        assert answered.returncode == 0, f"{answered.stdout[-2000:]}{answered.stderr[-2000:]}"
        started = call_facts(server, mark)[0]["payload"]
        assert (started["callee"], started["dialled"], started["kind"]) == ("202", "0441234502", "incoming"), started
        assert ended_fact(server, mark)["payload"]["cause"] == "normal"

        # Ann calls out: over the same connection, the provider's 407 answered, to the outside UAS.
        outside_dir = tmp_path / "outside"
        outside_dir.mkdir()
        outside = subprocess.Popen(
            ["sipp", "-sf", str(SCENARIOS / "provider_echo_uas.xml"), "-m", "1", "-i", HOST, "-p", str(outside_port), "-t", "u1",
             "-timeout", "25s", "-timeout_error", "-nostdin", "-trace_err"],
            cwd=outside_dir, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
        mark = server.head()
        run = call(server, "call_uac.xml", "00449876543", tmp_path)
        assert run.returncode == 0, said(run, tmp_path) + provider.log_tail()
        out, err = outside.communicate(timeout=60)
        assert outside.returncode == 0, out[-2000:] + err[-2000:]
        assert ended_fact(server, mark)["payload"]["cause"] == "normal"
        facts = call_facts(server, mark)
        assert [f["type"] for f in facts] == ["call.started", "call.answered", "call.ended"], facts
        assert facts[0]["payload"]["kind"] == "outgoing"
        # Every request of the provider went over the one connection the server opened.
        assert provider.registered_contacts() == contacts
    finally:
        provider.close()


def test_a_provider_certificate_for_another_name_is_refused_even_from_a_trusted_ca(server_factory, tmp_path):
    server = server_factory()
    provider = KamailioProvider(tmp_path, USER, PASSWORD, mismatched_name=True)
    try:
        before = server.head()
        configure(server, provider, ca_file=str(provider.ca_file))
        down = eventually("SIP account not available (name mismatch)", lambda: trunk_messages(server, before))
        assert [summary(m) for m in down] == [("sip_account_not_available", "Carrier", USER, "0")], down
        outcome = registration(server)["lastOutcome"]
        assert "TLS connection" in outcome and ("hostname" in outcome.lower() or "name" in outcome.lower()), outcome
        assert provider.registered_contacts() == []
    finally:
        provider.close()


def test_an_srtp_offer_from_a_tls_provider_is_answered_with_srtp_and_a_udp_phone_gets_plain_rtp(office, tmp_path):
    """Issue 16 point 4: each leg independently. The provider's INVITE (over its TLS flow) offers
    RTP/SAVP with an SDES key; Bob's phone is registered over UDP, where no key may travel
    (RFC 4568 §8.3). The relay must take the provider's key, answer it with SRTP and a key of its
    own at a relay port, and offer Bob plain RTP without any key."""
    from test_sip_calls import Callee, call_facts, ended_fact, register_for
    from test_sip_registrar import said
    server = office
    provider = KamailioProvider(tmp_path, USER, PASSWORD)
    try:
        configure(server, provider, ca_file=str(provider.ca_file))
        eventually("the account is registered", lambda: server.get("/api/v1/trunks/registrations").body["registrations"]
                   and registration(server)["phase"] == "registered")
        bob = Callee("provider_echo_uas.xml", tmp_path, "bob", extra=("-trace_msg",))
        register_for(server, "t202", bob.port)
        assert server.put("/api/v1/trunks/ddi-plan", {"assignments": [{"ddi": "0441234502", "user": "202"}]}).status == 200
        time.sleep(1.0)  # the published plan reaches the call core
        mark = server.head()
        network = tmp_path / "network"
        network.mkdir()
        run = subprocess.run(
            ["sipp", f"{HOST}:{provider.udp_port}", "-sf", str(SCENARIOS / "provider_srtp_call_uac.xml"), "-s", "0441234502", "-m", "1",
             "-i", HOST, "-p", str(free_udp_tcp_port([server.sip_port, provider.udp_port])), "-t", "u1", "-d", "300",
             "-timeout", "25s", "-timeout_error", "-nostdin", "-trace_err", "-trace_logs",
             "-error_file", str(network / "sipp-network.err")],
            capture_output=True, text=True, timeout=60, cwd=network, stdin=subprocess.DEVNULL)
        answered_by_bob = bob.wait()
        assert run.returncode == 0, said(run, network) + provider.log_tail()
        assert answered_by_bob.returncode == 0, f"{answered_by_bob.stdout[-2000:]}{answered_by_bob.stderr[-2000:]}"
        network_log = "".join(p.read_text(errors="replace") for p in network.glob("*_logs.log"))
        answer = re.search(r"answered (\d+) (\S+) (\S+)", network_log)
        assert answer, network_log[-2000:]
        port, profile, suite = int(answer.group(1)), answer.group(2), answer.group(3)
        relay = server.get("/api/v1/media/relay").body
        assert (profile, suite) == ("RTP/SAVP", "AES_CM_128_HMAC_SHA1_80"), answer.group(0)
        assert relay["firstPort"] <= port <= relay["lastPort"], (port, relay)
        invite = bob.messages().split("SIP/2.0 180", 1)[0]
        offered = re.search(r"m=audio (\d+) (\S+)", invite)
        assert offered and offered.group(2) == "RTP/AVP", invite[-2000:]
        assert relay["firstPort"] <= int(offered.group(1)) <= relay["lastPort"], invite[-2000:]
        assert "a=crypto" not in invite and "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd" not in invite, invite[-2000:]
        assert ended_fact(server, mark)["payload"]["cause"] == "normal"
        facts = call_facts(server, mark)
        assert [f["type"] for f in facts] == ["call.started", "call.answered", "call.ended"], facts
        payload = facts[1]["payload"]
        assert (payload.get("relayed"), payload.get("callerSRTP"), payload.get("calleeSRTP")) == (True, True, None), payload
    finally:
        provider.close()
