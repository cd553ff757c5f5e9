"""Issue 15, points 4 and 8: the calls views of the real server — the calls in progress, the call
history read from the log, their filters' rules, the CLI, the capacity row and the call
projection in the reactor registry.

No call can be placed through the server yet (the B2BUA lands separately) and there is no
test-only way to append call facts, so over HTTP only the empty views and the parameter checks
are tested here; the facts, the fold, the history's joins and paging and the closure of the
calls a killed run left open are tested against a real log by the Swift units
(CallFactTests, CallRecorderTests, CallHistoryTests, ReadNewestFirstTests, CallRouteTests)."""

from conftest import cli_output, verify_chain


def test_calls_views_are_empty_and_check_their_parameters(server):
    srv = server
    r = srv.get("/api/v1/calls")
    assert r.status == 200, r.describe()
    assert r.body == {"calls": [], "startedTotal": 0, "answeredTotal": 0, "endedTotal": 0}, r.body
    assert srv.get("/api/v1/calls?user=201").body["calls"] == []

    h = srv.get("/api/v1/calls/history")
    assert h.status == 200 and h.body == {"calls": [], "next": None}, h.describe()
    ok = srv.get("/api/v1/calls/history?user=201&cause=restart&limit=1000&before=5"
                 "&from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00.5Z")
    assert ok.status == 200 and ok.body == {"calls": [], "next": None}, ok.describe()
    for query, parameter in [("cause=hangup", "cause"), ("limit=0", "limit"), ("limit=1001", "limit"),
                             ("before=0", "before"), ("from=yesterday", "from"), ("to=soon", "to")]:
        bad = srv.get("/api/v1/calls/history?" + query)
        assert bad.status == 422 and bad.body["code"] == "invalid_parameter", bad.describe()
        assert bad.body["details"]["parameter"] == parameter, bad.body

    capacity = {c["limit"]: c for c in srv.get("/api/v1/capacity").body["limits"]}
    assert capacity["simultaneous_calls"]["used"] == 0 and capacity["simultaneous_calls"]["max"] == 250, capacity

    reactors = {e["name"]: e for e in srv.get("/api/v1/reactors").body["reactors"]}
    assert reactors["calls"]["kind"] == "projection", reactors


def test_calls_cli(server):
    srv = server
    listed = srv.cli("calls")
    assert listed.returncode == 0 and listed.stdout == "", cli_output(listed)
    history = srv.cli("calls", "--history", "--user", "201", "--cause", "normal", "--limit", "10")
    assert history.returncode == 0 and history.stdout == "", cli_output(history)
    refused = srv.cli("calls", "--history", "--cause", "hangup")
    assert refused.returncode != 0 and "cause" in refused.stderr, cli_output(refused)
    # The history's filters mean nothing for the calls in progress.
    mixed = srv.cli("calls", "--cause", "busy")
    assert mixed.returncode != 0 and "--history" in mixed.stderr, cli_output(mixed)


def test_the_call_projection_survives_kill9_and_the_chain_verifies(server):
    srv = server
    srv.kill9()
    srv.restart()
    assert srv.get("/api/v1/calls").body["calls"] == []
    reactors = {e["name"]: e for e in srv.get("/api/v1/reactors").body["reactors"]}
    assert reactors["calls"]["kind"] == "projection", reactors
    srv.stop()
    verified = verify_chain(srv.data_dir)
    assert verified.returncode == 0, cli_output(verified)
