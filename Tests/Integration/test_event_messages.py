"""Event messages end to end: the real server, a real syslog collector over UDP, TCP and TLS,
a real HTTPS webhook receiver, virtual time for the hour-long outage, and kill -9 mid-delivery.
"""
from __future__ import annotations

import datetime
import re
import threading

import pytest

from conftest import cli_output, eventually
from peers import SyslogCollector, WebhookReceiver, make_certificate

SECRET = "an-integration-test-secret"


def configure_syslog(server, destination, collector, ca_file=None):
    syslog = {"transport": collector.transport, "host": "127.0.0.1", "port": collector.port}
    if ca_file:
        syslog["caFile"] = ca_file
    r = server.patch(f"/api/v1/destinations/{destination}", {"enabled": True, "syslog": syslog})
    assert r.status == 200, r.describe()


def configure_webhook(server, receiver, ca_file):
    r = server.patch("/api/v1/destinations/external", {
        "enabled": True, "webhook": {"primaryUrl": receiver.url, "secret": SECRET, "caFile": ca_file}})
    assert r.status == 200, r.describe()


def simulate(server, type_, **parameters):
    r = server.post("/api/v1/event-messages", {"type": type_, "parameters": parameters})
    assert r.status == 201, r.describe()
    return r.body


def confirm_startup_messages(server):
    """A first start raises "TLS certificate was generated" (code 149, issue 15), which has no
    partner and so stays active until confirmed: a test of the active set starts without it.
    Returns the log's head after those confirmations."""
    for message in server.get("/api/v1/event-messages/active").body["active"]:
        r = server.post(f"/api/v1/event-messages/active/{message['number']}/confirm")
        assert r.status == 200, r.describe()
    return server.head()


def shifted(timestamp: str, seconds: int) -> str:
    """An API timestamp (RFC 3339, microseconds, Z) `seconds` later, in the same form."""
    moment = datetime.datetime.strptime(timestamp, "%Y-%m-%dT%H:%M:%S.%fZ") + datetime.timedelta(seconds=seconds)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def delivery(server, destination):
    return server.get(f"/api/v1/destinations/{destination}").body["delivery"]


def advance(server, seconds):
    r = server.post("/api/v1/clock/advance", {"seconds": seconds})
    assert r.status == 200, r.describe()
    # Sessions age on the virtual clock too: a long jump ends the harness's own session
    # (automatic exit after the idle timeout), so it logs in again.
    if server.get("/api/v1/session").status == 401:
        server.login()


@pytest.fixture
def certificate(tmp_path):
    return make_certificate(tmp_path / "tls")


def test_syslog_over_udp_tcp_and_tls_gets_fields_severity_and_order(server, certificate):
    cert, key = certificate
    with SyslogCollector("udp") as udp, SyslogCollector("tcp") as tcp, SyslogCollector("tls", cert=cert, key=key) as tls:
        configure_syslog(server, "local_1", udp)
        configure_syslog(server, "local_2", tcp)
        configure_syslog(server, "local_3", tls, ca_file=cert)
        sent = [
            simulate(server, "fan_failure", fanStatus=0),
            simulate(server, "test_event_message"),
            simulate(server, "too_few_voip_channels", availableChannels=3),
            simulate(server, "sip_account_not_available", provider="acme sip", account="4711", cause=1),
        ]
        for collector in (udp, tcp, tls):
            received = collector.wait_for(4)
            assert collector.errors == []
            assert [int(m["msgid"][2:]) for m in received] == [m["code"] for m in sent]
            # critical → 2, serious → 4, normal → 5, at facility 16 (local0)
            assert [m["severity"] for m in received] == [2, 4, 5, 2]
            assert all(m["facility"] == 16 and m["version"] == 1 and m["app"] == "callplane" for m in received)
            meta = [m["sd"]["callplane@32473"] for m in received]
            assert [int(x["number"]) for x in meta] == [m["number"] for m in sent]
            assert [x["type"] for x in meta] == [m["type"] for m in sent]
            assert all(x["simulated"] == "true" for x in meta)
            positions = [int(x["position"]) for x in meta]
            assert positions == sorted(positions)
            assert received[3]["sd"]["params@32473"] == {"provider": "acme sip", "account": "4711", "cause": "1"}
            assert received[0]["msg"] == "Fan failure"
        assert tls.connections >= 1
        for destination in ("local_1", "local_2", "local_3"):
            # The cursor moves just after the collector has the batch.
            state = eventually(f"{destination} has nothing pending",
                               lambda: (d := delivery(server, destination))["pending"] == 0 and d)
            assert state["reachable"] is True and state["deliveredThrough"] == sent[-1]["position"]


def test_tls_collector_with_an_untrusted_certificate_is_reported_not_reachable(server, certificate, tmp_path):
    cert, key = certificate
    other_ca, _ = make_certificate(tmp_path / "other", name="other")
    with SyslogCollector("tls", cert=cert, key=key) as tls, SyslogCollector("udp") as witness:
        configure_syslog(server, "local_1", witness)
        configure_syslog(server, "local_2", tls, ca_file=other_ca)
        simulate(server, "test_event_message")
        reports = eventually("the outage reaches the other destination", lambda: [
            m for m in witness.messages if m["sd"]["callplane@32473"]["type"] == "internal_destination_not_reachable"])
        assert reports[0]["sd"]["params@32473"]["destination"] == "local_2"
        assert tls.messages == []
        state = delivery(server, "local_2")
        assert state["reachable"] is False and state["pending"] >= 1


def test_webhook_outage_of_an_hour_on_virtual_time(server_factory, certificate):
    cert, key = certificate
    server = server_factory(args=["--virtual-clock"])
    with WebhookReceiver(cert, key, SECRET) as hook, SyslogCollector("udp") as local:
        configure_webhook(server, hook, cert)
        configure_syslog(server, "local_1", local)

        # Batching: held for 5 minutes, then one signed batch.
        first = [simulate(server, "test_event_message") for _ in range(3)]
        local.wait_for(3)
        advance(server, 240)
        # Scheduled, not merely not yet seen: the round is due 5 minutes after the oldest.
        state = delivery(server, "external")
        assert state["pending"] == 3 and state["nextRoundAt"] == shifted(first[0]["at"], 300), (state, first[0])
        assert hook.requests == []
        advance(server, 60)
        request = hook.wait_for(1)[0]
        assert request["signature_ok"] is True
        assert [m["number"] for m in request["body"]["messages"]] == [m["number"] for m in first]
        positions = [m["position"] for m in request["body"]["messages"]]
        assert request["idempotency_key"] == f"{positions[0]}-{positions[-1]}"

        # The receiver goes down for more than an hour.
        hook.stop()
        backlog = [simulate(server, "test_event_message"), simulate(server, "fan_failure", fanStatus=0)]
        advance(server, 300)
        down = eventually("the outage is reported to the local destination", lambda: [
            m for m in local.messages if m["sd"]["callplane@32473"]["type"] == "external_destination_not_reachable"])
        assert down[0]["sd"]["params@32473"] == {"destination": "external", "cause": "1"}
        state = delivery(server, "external")
        assert state["reachable"] is False and state["retryIntervalSeconds"] == 300 and state["attemptsPerRound"] == 5
        status = server.get("/api/v1/event-messages/status").body
        assert status["status"] == "critical"

        for _ in range(12):
            before = delivery(server, "external")["nextRoundAt"]
            advance(server, 300)
            eventually("another round", lambda: delivery(server, "external")["nextRoundAt"] != before)
        state = delivery(server, "external")
        assert state["retryIntervalSeconds"] == 4 * 3600 and state["attemptsPerRound"] == 2
        assert state["pending"] == 2

        # Back up: the next round (4 hours later) delivers the backlog and the recovery is reported.
        hook.start()
        advance(server, 4 * 3600)
        eventually("the backlog arrives", lambda: len(hook.messages()) == 5)
        up = eventually("the recovery is reported", lambda: [
            m for m in local.messages if m["sd"]["callplane@32473"]["type"] == "external_destination_reachable"])
        assert up[0]["sd"]["params@32473"] == {"destination": "external"}
        delivered = hook.messages()
        assert [m["number"] for m in delivered[3:]] == [m["number"] for m in backlog]
        assert not [m for m in delivered if m["type"].startswith("external_destination")], "never told about itself"
        assert all(r["signature_ok"] for r in hook.requests)
        state = delivery(server, "external")
        assert state["reachable"] is True and state["retryIntervalSeconds"] == 300 and state["attemptsPerRound"] == 5
        active = server.get("/api/v1/event-messages/active").body["active"]
        assert "external_destination_not_reachable" not in [m["type"] for m in active]


def test_a_test_message_goes_out_at_once_and_its_outcome_is_the_answer(server_factory, certificate):
    """Issue 13, point 1 (manual §6.3.1: a test message "is signalled without any delay,
    directly at the selected signal destination"): no five-minute batch, no retry round — the
    answer says whether the destination took it, and the batch never sends it again."""
    cert, key = certificate
    server = server_factory(args=["--virtual-clock"])
    with WebhookReceiver(cert, key, SECRET) as hook:
        configure_webhook(server, hook, cert)
        r = server.post("/api/v1/destinations/external/test")
        assert r.status == 201, r.describe()
        assert r.body["delivery"]["outcome"] == "delivered" and r.body["delivery"]["error"] is None, r.body
        request = hook.wait_for(1, timeout=5)[0]  # on virtual time nothing else would send it
        assert [m["number"] for m in request["body"]["messages"]] == [r.body["number"]]
        assert request["signature_ok"] is True

        # The same request again (same key) answers what happened and sends nothing.
        once = server.post("/api/v1/destinations/external/test", idempotency_key="test-once")
        again = server.post("/api/v1/destinations/external/test", idempotency_key="test-once")
        assert again.headers.get("idempotent-replay") == "true"
        assert again.body["number"] == once.body["number"] and again.body["delivery"] == once.body["delivery"]
        hook.wait_for(2, timeout=5)
        # Nothing waits for the batch, so no round is due (issue 14, point 8: read, not slept on).
        state = delivery(server, "external")
        assert state["pending"] == 0 and state["nextRoundAt"] is None, state
        # A message that does wait is scheduled at its batch's moment and then goes out alone:
        # the outbox sends in log order, so a test kept for the batch would come before or with
        # it — and an outbox that is dead or slow fails here instead of passing.
        sentinel = simulate(server, "test_event_message")
        state = eventually("the batch holds the message", lambda: (d := delivery(server, "external"))["pending"] == 1 and d)
        assert state["nextRoundAt"] == shifted(sentinel["at"], 300), (state, sentinel)
        advance(server, 300)
        batch = hook.wait_for(3, timeout=10)[2]
        assert [m["number"] for m in batch["body"]["messages"]] == [sentinel["number"]], "a test is never sent again by the batch"
        eventually("the batch is acknowledged", lambda: delivery(server, "external")["pending"] == 0)
        assert len(hook.requests) == 3

        # Receiver down: the answer says so at once, naming the cause; no round is started.
        hook.stop()
        failed = server.post("/api/v1/destinations/external/test")
        assert failed.status == 201 and failed.body["delivery"]["outcome"] == "failed", failed.body
        assert failed.body["delivery"]["cause"] == 1 and failed.body["delivery"]["error"]
        assert delivery(server, "external")["reachable"] is True
        out = server.cli("destinations", "test", "external")
        assert out.returncode != 0 and "not delivered to external" in out.stderr, cli_output(out)
        # The test is recorded in the log whatever became of it.
        tests = [e for e in server.all_events(type="eventmessage.occurred") if e["payload"].get("target") == "external"]
        assert len(tests) == 4


def test_kill9_mid_delivery_redelivers_with_the_same_keys(server_factory, certificate, verify):
    cert, key = certificate
    server = server_factory(args=["--virtual-clock"])
    entered = []
    killed = threading.Event()

    def held(request):
        # The first batch is answered only once the server is dead: in flight at the kill by
        # construction, not because the kill came within some seconds.
        entered.append(request)
        killed.wait(30)

    with WebhookReceiver(cert, key, SECRET, on_request=held) as hook:
        try:
            configure_webhook(server, hook, cert)
            sent = [simulate(server, "test_event_message") for _ in range(20)]
            advance(server, 300)
            eventually("a delivery is in flight", lambda: entered)
            server.kill9()
        finally:
            killed.set()
        server.start()
        # The new process's virtual clock starts at real time: move it past the batching period.
        advance(server, 600)
        eventually("delivered after the restart", lambda: delivery(server, "external")["pending"] == 0, timeout=30)
        requests = hook.requests
        assert len(requests) >= 2
        numbers = [m["number"] for m in hook.messages()]
        assert set(numbers) >= {m["number"] for m in sent}, "nothing lost"
        # The batch in flight at the kill comes again (after the restart it may carry the
        # "restarted" message too); each message keeps its position, the idempotency key.
        in_flight = {m["position"]: m["number"] for m in requests[0]["body"]["messages"]}
        again = {m["position"]: m["number"] for r in requests[1:] for m in r["body"]["messages"]}
        assert set(in_flight) <= set(again), "the batch in flight at the kill was delivered again"
        assert all(again[position] == number for position, number in in_flight.items())
        assert requests[-1]["idempotency_key"].split("-")[0] == str(min(in_flight))
    assert verify(server.data_dir).returncode == 0


def test_confirming_clears_a_message_and_updates_the_status(server):
    start = confirm_startup_messages(server)
    assert server.get("/api/v1/event-messages/status").body["status"] == "normal"
    overflow = simulate(server, "charge_counter_overflow", cause=0, number=12)
    fan = simulate(server, "fan_failure", fanStatus=0)
    assert server.get("/api/v1/event-messages/status").body == {
        "status": "critical", "colour": "red", "activeBySeverity": {"critical": 1, "serious": 1, "normal": 0}}
    r = server.post(f"/api/v1/event-messages/active/{fan['number']}/confirm")
    assert r.status == 200 and r.body["status"] == "serious"
    r = server.post(f"/api/v1/event-messages/active/{overflow['number']}/confirm")
    assert r.body["status"] == "normal" and r.body["active"] == 0
    again = server.post(f"/api/v1/event-messages/active/{overflow['number']}/confirm")
    assert again.status == 404 and again.body["code"] == "active_event_message_not_found"
    # The event log view shows both, newest first; the confirmation is in the log with its actor.
    view = server.get("/api/v1/event-messages/log").body["messages"]
    assert [m["number"] for m in view[:2]] == [fan["number"], overflow["number"]]
    confirmations = server.all_events(after=start, type="eventmessage.confirmed")
    assert [e["payload"]["number"] for e in confirmations] == [fan["number"], overflow["number"]]


def test_positive_clears_only_the_matching_negative_and_replay_keeps_it(server):
    confirm_startup_messages(server)
    simulate(server, "sip_account_not_available", provider="a", account="1", cause=0)
    simulate(server, "sip_account_not_available", provider="a", account="2", cause=0)
    simulate(server, "sip_account_available", provider="a", account="1")
    active = server.get("/api/v1/event-messages/active").body["active"]
    assert [(m["type"], m["parameters"]["account"]) for m in active] == [("sip_account_not_available", "2")]
    r = server.patch("/api/v1/event-tables/3", {"rows": {"malfunction": {"mode": "custom", "frequency": 3, "periodHours": 1}}})
    assert r.status == 200
    routed = [simulate(server, "malfunction", errorId=7)["tables"] for _ in range(3)]
    assert [3 in tables for tables in routed] == [False, False, True]
    server.restart("--ignore-snapshots")
    # Rebuilt from the log alone: the active set and the filter counters are as they were.
    active_after = server.get("/api/v1/event-messages/active").body["active"]
    assert ("sip_account_not_available", "2") in [(m["type"], m["parameters"].get("account")) for m in active_after]
    assert "server_restarted" in [m["type"] for m in active_after]
    routed = [simulate(server, "malfunction", errorId=7)["tables"] for _ in range(3)]
    assert [3 in tables for tables in routed] == [False, False, True]


@pytest.mark.parametrize("body, field", [
    ({"rows": {"malfunction": {"mode": "custom", "frequency": 21, "periodHours": 1}}}, "frequency"),
    ({"rows": {"malfunction": {"mode": "custom", "frequency": 2, "periodHours": 673}}}, "periodHours"),
    ({"rows": {"malfunction": {"mode": "sometimes"}}}, "mode"),
    ({"rows": {"no_such_type": {"mode": "every"}}}, "type"),
])
def test_out_of_range_rows_are_refused_and_change_nothing(server, body, field):
    head = server.head()
    r = server.patch("/api/v1/event-tables/3", body)
    assert r.status == 422 and r.body["details"]["field"] == field
    if r.body["code"] == "out_of_range":
        assert "manual §6.3.1.2" in r.body["message"]
    assert server.head() == head


def test_live_feed_shows_messages_and_status(server):
    from conftest import SSEStream

    confirm_startup_messages(server)
    simulate(server, "charge_counter_overflow", cause=0, number=1)
    with SSEStream(server.port, "/api/v1/event-messages/feed", headers=server.auth_headers()) as feed:
        first = feed.next_event(timeout=10)
        assert first.event == "status"
        assert first.json()["status"] == "serious" and len(first.json()["active"]) == 1
        fan = simulate(server, "fan_failure", fanStatus=0)
        message = feed.next_event(timeout=10)
        assert message.event == "message" and message.json()["number"] == fan["number"]
        status = feed.next_event(timeout=10)
        assert status.event == "status" and status.json()["status"] == "critical" and status.json()["colour"] == "red"
        resume_at = status.position
        server.post(f"/api/v1/event-messages/active/{fan['number']}/confirm")
        after_confirm = feed.next_event(timeout=10)
        assert after_confirm.event == "status" and after_confirm.json()["status"] == "serious"
    # Resuming from a position replays what came after it.
    with SSEStream(server.port, "/api/v1/event-messages/feed",
                   headers={**server.auth_headers(), "Last-Event-ID": str(resume_at)}) as feed:
        assert feed.next_event(timeout=10).event == "status"
        replayed = feed.next_event(timeout=10)
        assert replayed.event == "status" and replayed.position == after_confirm.position


def test_cli_drives_event_messages_and_destinations(server, certificate):
    from conftest import cli_output

    def ok(*args):
        proc = server.cli(*args)
        assert proc.returncode == 0, cli_output(proc)
        return proc.stdout

    confirm_startup_messages(server)
    with SyslogCollector("tcp") as collector:
        ok("destinations", "syslog", "local_2", "tcp", "127.0.0.1", str(collector.port))
        out = ok("messages", "raise", "sip_account_not_available", "provider=acme", "account=9", "cause=0")
        assert "local_2" in out and "(simulated)" in out
        received = collector.wait_for(1)
        assert received[0]["sd"]["params@32473"] == {"provider": "acme", "account": "9", "cause": "0"}
        assert ok("messages", "status").startswith("critical (red)")
        active = ok("messages", "active")
        number = active.split("\t")[0]
        assert "SIP account not available" in active and "account=9" in active
        ok("messages", "confirm", number)
        assert ok("messages", "status").startswith("normal (blue)")
        assert "SIP account not available" in ok("messages", "log")
        ok("destinations", "filter", "3", "malfunction", "custom", "--frequency", "4", "--hours", "2")
        table = server.get("/api/v1/event-tables/3").body
        assert {"type": "malfunction", "mode": "custom", "frequency": 4, "periodHours": 2, "isDefault": False} in table["rows"]
        listing = ok("destinations", "list")
        assert re.search(r"^local_2\ton\ttable 3\treachable", listing, re.M), listing
        assert re.search(r"^email_1\toff\ttable 5\treachable", listing, re.M), listing
        assert re.search(r"^atas\toff\ttable 6\treachable", listing, re.M), listing
        # Every kind has its adapter now (SRM's since issue 19): none says "adapter: none".
        assert re.search(r"^srm\toff\ttable 7\treachable", listing, re.M) and "adapter: none" not in listing, listing
        assert re.search(r"^snmp_1\toff\ttable 3\t", listing, re.M), listing
        refused = server.cli("destinations", "filter", "3", "malfunction", "custom", "--frequency", "30", "--hours", "2")
        assert refused.returncode != 0 and "frequency: 30 is outside 2…20" in cli_output(refused)
