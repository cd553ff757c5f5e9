"""6. The SSE feed resumes exactly: no gap and no duplicate across a reconnect with Last-Event-ID."""

import threading
import uuid


def test_sse_resume(server):
    srv = server
    for i in range(10):
        srv.create_user(f"60{i}", f"Feed {i}")

    stop = threading.Event()
    errors: list[str] = []
    writes = {"n": 0}

    def appender() -> None:
        i = 0
        while not stop.is_set() or writes["n"] < 30:
            i += 1
            r = srv.put(srv.user_path(f"60{i % 10}"), {"name": f"Live {i}"}, idempotency_key=str(uuid.uuid4()))
            if r.status != 200:
                errors.append(r.describe())
                return
            writes["n"] += 1
            if writes["n"] >= 2000:
                return

    first: list[dict] = []
    feed = srv.sse(after=0)
    assert feed.status == 200, feed.status
    assert feed.headers.get("content-type", "").startswith("text/event-stream"), feed.headers
    writer = threading.Thread(target=appender, daemon=True)
    try:
        for _ in range(4):
            msg = feed.next_event(timeout=15)
            assert msg is not None, "feed ended early"
            first.append({"id": msg.position, "event": msg.json()})
        writer.start()
        while writes["n"] < 5 and writer.is_alive():  # appends are racing with this session
            msg = feed.next_event(timeout=15)
            assert msg is not None, "feed ended early"
            first.append({"id": msg.position, "event": msg.json()})
        for _ in range(2):
            msg = feed.next_event(timeout=15)
            assert msg is not None
            first.append({"id": msg.position, "event": msg.json()})
    finally:
        feed.close()  # mid-stream, while the appender keeps writing

    last = first[-1]["id"]
    second: list[dict] = []
    resumed = srv.sse(last_event_id=last)
    try:
        assert resumed.status == 200, resumed.status
        stop.set()
        writer.join(timeout=120)
        assert not writer.is_alive(), "appender hangs"
        assert not errors, errors
        head = srv.head()
        assert head > last, (head, last)
        while not second or second[-1]["id"] < head:
            msg = resumed.next_event(timeout=15)
            assert msg is not None, f"resumed feed ended at {second[-1]['id'] if second else last}, head {head}"
            second.append({"id": msg.position, "event": msg.json()})
    finally:
        resumed.close()

    ids = [m["id"] for m in first] + [m["id"] for m in second]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    missing = sorted(set(range(1, head + 1)) - set(ids))
    assert ids == list(range(1, head + 1)), f"duplicates {dupes[:10]}, missing {missing[:10]}, last of first session {last}"

    # Each message's data is the log's event, and its id is its position.
    log = {e["position"]: e for e in srv.all_events()}
    for m in first + second:
        ev = m["event"]
        assert ev["position"] == m["id"], m
        assert (ev["id"], ev["hash"], ev["type"]) == (log[m["id"]]["id"], log[m["id"]]["hash"], log[m["id"]]["type"]), m

    # `?after=` resumes the same way as Last-Event-ID.
    with srv.sse(after=head - 3) as tail:
        got = [tail.next_event(timeout=15).position for _ in range(3)]
    assert got == [head - 2, head - 1, head], got
