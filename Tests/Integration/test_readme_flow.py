"""1. The README flow: a user created over the API shows up in the log, the live feed and the CLI."""

import re
import uuid


def test_readme_flow(server):
    head0 = server.head()
    number, name = "4711", "Ada Lovelace"

    # The feed is open before the write, so the event must arrive live (not only from backlog).
    feed = server.sse(after=head0)
    assert feed.status == 200, f"GET /api/v1/events/feed: HTTP {feed.status}"
    assert feed.headers.get("content-type", "").startswith("text/event-stream"), feed.headers

    r = server.post("/api/v1/users", {"number": number, "name": name, "email": "ada@example.com", "language": "en"},
                    idempotency_key=str(uuid.uuid4()))
    assert r.status == 201, r.describe()
    assert r.body["number"] == number and r.body["name"] == name, r.body
    assert r.body["email"] == "ada@example.com" and r.body["language"] == "en", r.body
    assert isinstance(r.body["version"], int) and r.body["version"] >= 1, r.body
    assert r.headers.get("etag") == f'"{r.body["version"]}"', r.headers
    position = r.position
    assert position is not None, f"no Callplane-Position header: {r.headers}"
    assert position == server.head() == head0 + 1, (position, head0)

    # The user is readable.
    g = server.get(server.user_path(number))
    assert g.status == 200 and g.body["name"] == name, g.describe()
    users = server.get("/api/v1/users")
    assert users.status == 200 and number in [u["number"] for u in users.body["users"]], users.describe()

    # The log: /api/v1/events carries a user.created event at the acknowledged position.
    listed = server.events(type="user.created")
    assert listed.status == 200, listed.describe()
    mine = [e for e in listed.body["events"] if e["payload"].get("number") == number]
    assert len(mine) == 1, listed.body
    ev = mine[0]
    assert ev["position"] == position, ev
    assert ev["type"] == "user.created" and ev["stream"] == f"user/{number}", ev
    assert ev["payload"]["name"] == name, ev
    one = server.get(f"/api/v1/events/{position}")
    assert one.status == 200 and one.body["id"] == ev["id"] and one.body["hash"] == ev["hash"], one.describe()

    # The live feed delivers the same event.
    try:
        seen = []
        while True:
            msg = feed.next_event(timeout=15)
            assert msg is not None, f"feed ended before user.created arrived; saw {seen}"
            data = msg.json()
            seen.append((msg.id, data.get("type")))
            assert int(msg.id) == data["position"], (msg.id, data)
            if data.get("type") == "user.created" and data["payload"].get("number") == number:
                break
    finally:
        feed.close()
    assert data["position"] == position and data["id"] == ev["id"] and data["payload"]["name"] == name, data

    # The CLI lists the user: one line beginning with the number, then the name.
    proc = server.cli("users", "list")
    assert proc.returncode == 0, proc.stderr
    lines = [l for l in proc.stdout.splitlines() if re.match(rf"^\s*{number}\b", l)]
    assert len(lines) == 1 and name in lines[0], proc.stdout
    assert lines[0].strip().split(None, 1)[1].startswith(name), proc.stdout
