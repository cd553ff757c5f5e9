"""The reactor registry (issue 12): every reactor with its cursor and every projection with its
position, over the API and the CLI, and a destination's cursor surviving a restart."""

from conftest import cli_output, eventually
from peers import SyslogCollector


def _registry(server) -> dict:
    r = server.get("/api/v1/reactors")
    assert r.status == 200, r.describe()
    return r.body


def test_reactors_list_destinations_and_projections_with_their_lag(server):
    with SyslogCollector("udp") as collector:
        r = server.patch("/api/v1/destinations/local_1", {
            "enabled": True, "syslog": {"transport": "udp", "host": "127.0.0.1", "port": collector.port}})
        assert r.status == 200, r.describe()
        raised = server.post("/api/v1/event-messages", {"type": "test_event_message", "parameters": {}})
        assert raised.status == 201, raised.describe()
        collector.wait_for(1)

        def delivered():
            body = _registry(server)
            entry = {e["name"]: e for e in body["reactors"]}.get("destination/local_1")
            return entry if entry and entry["position"] == raised.body["position"] else None

        local = eventually("local_1's cursor reaches the message", delivered)
        assert local["kind"] == "reactor" and local["state"] == "running"

    body = _registry(server)
    entries = {e["name"]: e for e in body["reactors"]}
    assert body["head"] == server.head()
    # Every destination kind with an adapter has an outbox reactor; the event log needs none.
    for name in ("destination/local_1", "destination/local_3", "destination/external", "destination/snmp_1", "destination/snmp_5"):
        assert entries[name]["kind"] == "reactor", entries
    assert "destination/event_log" not in entries
    for name in ("system-state", "registrations", "calls"):
        assert entries[name]["kind"] == "projection", entries
    state = entries["system-state"]
    assert state["position"] + state["lag"] == body["head"]
    assert all(e["lag"] == body["head"] - e["position"] for e in body["reactors"]), body

    # The CLI prints the same registry, one tab-separated line each.
    proc = server.cli("reactors", "list")
    assert proc.returncode == 0, cli_output(proc)
    lines = {l.split("\t")[0]: l.split("\t") for l in proc.stdout.splitlines()}
    assert lines["destination/local_1"][1:3] == ["reactor", str(local["position"])], proc.stdout
    assert lines["registrations"][1] == "projection", proc.stdout

    # The cursor is durable: after a restart the outbox starts where it stopped (switched off
    # first, so the restart's own event message does not move it on).
    assert server.patch("/api/v1/destinations/local_1", {"enabled": False}).status == 200
    server.restart()
    after = {e["name"]: e for e in _registry(server)["reactors"]}
    assert after["destination/local_1"]["position"] == local["position"], after


def test_reactors_need_a_session(server):
    r = server.get("/api/v1/reactors", token=None)
    assert r.status == 401, r.describe()
