"""Issue 14, point 9: the order SIGTERM promises, seen from outside.

`Sources/CallplaneServer/CallplaneServer.swift` (and docs/architecture.md): "the feeds end and
`/ready` turns 503, the HTTP server drains its requests (each write waits for its durable
append), the projection catches up and saves a snapshot, and the log closes after its queue is
empty". Each step is observed here: an open event feed ends while a request is still in flight;
no new request is told the server is ready once shutdown began; the request in flight (its body
still arriving when the signal came) is answered and its write is in the log; the snapshot saved
at shutdown is at the final head (it could not be written after the log closed); the server's
log closes the log after the services ahead of it finished; the exit status is 0.
"""
from __future__ import annotations

import http.client
import json
import re
import signal
import socket
import threading
import time

from conftest import HOST, http_request

STEP = 10.0  # bound of every wait below


def send_head_and_half_a_body(srv, path: str, body: dict) -> tuple[socket.socket, bytes]:
    """A POST whose head and first half of the body are sent; returns the socket and the rest."""
    data = json.dumps(body).encode()
    head = (f"POST {path} HTTP/1.1\r\nHost: {HOST}:{srv.port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(data)}\r\nAuthorization: Bearer {srv.token}\r\n"
            f"Idempotency-Key: 0b7c1c2e-2f4a-4c1e-9d3b-{int(time.time() * 1000) % 10**12:012d}\r\n\r\n").encode()
    sock = socket.create_connection((HOST, srv.port), timeout=STEP)
    half = len(data) // 2
    sock.sendall(head + data[:half])
    return sock, data[half:]


def read_response(sock: socket.socket) -> tuple[int, dict, bytes]:
    sock.settimeout(STEP)
    raw = b""
    while b"\r\n\r\n" not in raw:
        chunk = sock.recv(65536)
        assert chunk, f"connection closed before a response head: {raw!r}"
        raw += chunk
    head, _, rest = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (l.partition(":") for l in lines[1:])}
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        chunk = sock.recv(65536)
        assert chunk, "connection closed mid-body"
        rest += chunk
    return status, headers, rest[:length]


def test_sigterm_ends_feeds_refuses_ready_drains_requests_then_snapshots_and_closes_the_log(server_factory):
    srv = server_factory(args=("--log-level", "debug"))
    srv.create_user("4300", "Before The Signal")
    head = srv.head()

    feed = srv.sse(after=0, timeout=STEP)
    assert feed.status == 200
    seen = 0
    while seen < head:
        message = feed.next_event(timeout=STEP)
        assert message is not None, "the feed ended before the signal"
        seen = message.position

    sock, rest = send_head_and_half_a_body(srv, "/api/v1/users", {"number": "4301", "name": "Drained In Flight"})
    # The server must have read the head before the signal, or the connection is idle and the
    # drain may close it. Nothing outside shows that moment (no 100-continue), so give loopback a
    # margin; a miss fails below ("connection closed before a response head"), never passes.
    time.sleep(0.5)

    # Polls /ready on fresh connections: most are refused (the listener closes at once); a
    # 503 is seen only if a poll lands in the first milliseconds.
    ready_answers: list[str] = []
    stop_polling = threading.Event()

    def poll_ready():
        while not stop_polling.is_set():
            try:
                r = http_request(srv.port, "GET", "/ready", timeout=2.0)
                ready_answers.append(str(r.status))
            except (OSError, http.client.HTTPException) as e:
                ready_answers.append(type(e).__name__)
            time.sleep(0.01)

    srv.proc.send_signal(signal.SIGTERM)

    # 1. The feed ends (the stream closes) while the request is still waiting for its body.
    deadline = time.monotonic() + STEP
    ended = False
    while time.monotonic() < deadline:
        try:
            if feed.next_event(timeout=max(0.1, deadline - time.monotonic())) is None:
                ended = True
                break
        except (socket.timeout, TimeoutError):
            break
        except (OSError, http.client.HTTPException):
            ended = True
            break
    feed.close()
    assert ended, f"the event feed did not end within {STEP:.0f} s of SIGTERM"
    assert srv.proc.poll() is None, "the server exited with a request in flight"
    # The server marks itself not ready before it ends the feeds (EventFeedService), so from
    # here on no answer may be 200 (before the feed ended, the signal may not be handled yet).
    poller = threading.Thread(target=poll_ready, daemon=True)
    poller.start()

    # 2. The request in flight is drained: its body arrives after the signal and it is answered.
    #    A GET /ready pipelined behind it reaches the server during the drain; the server may
    #    answer it (503) or close the connection after the request in flight (both seen, run to
    #    run), but must never say it is ready. A fresh connection is refused: the listener
    #    closes within milliseconds of the signal.
    sock.sendall(rest + f"GET /ready HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode())
    status, headers, body = read_response(sock)
    try:
        ready_status, _, ready_body = read_response(sock)
        ready_answers.append(f"pipelined {ready_status}")
        assert ready_status == 503, f"/ready during the drain: HTTP {ready_status} {ready_body!r}"
    except (AssertionError, OSError) as e:
        if "during the drain" in str(e):
            raise
        ready_answers.append("pipelined: closed")
    sock.close()
    assert status == 201, f"the request in flight at SIGTERM: HTTP {status} {body[:300]!r}"
    created = json.loads(body)
    assert created["number"] == "4301", created

    # 3. The process ends, cleanly.
    try:
        rc = srv.proc.wait(timeout=STEP * 3)
    finally:
        stop_polling.set()
        poller.join(timeout=STEP)
    srv._close_log()
    assert rc == 0, f"exit status {rc}\n{srv.log_tail()}"
    assert not [a for a in ready_answers if a.endswith("200")], f"/ready said 200 after SIGTERM: {ready_answers[:20]}"

    # 4. The drained write is durable, and the snapshot saved at shutdown is at the final head:
    #    the projection caught up after the drain, and saved before the log closed.
    final = srv.read_db("SELECT max(position) FROM events")[0][0]
    assert srv.read_db("SELECT count(*) FROM events WHERE type = 'user.created' AND payload LIKE '%\"4301\"%'")[0][0] == 1
    snapshots = srv.read_db("SELECT position FROM snapshots WHERE kind = 'system-state' ORDER BY position DESC LIMIT 1")
    assert snapshots and snapshots[0][0] == final, f"newest snapshot {snapshots}, log head {final}"

    # 5. The server's own account of the order: feeds, then the HTTP server, then the projection
    #    (snapshot), then the log closes at that head, and only then "stopped".
    text = srv.log_path.read_text("utf-8", "replace")
    text = text[text.rfind("===== start #"):]

    def at(pattern: str) -> int:
        m = re.search(pattern, text)
        assert m, f"not in the log: {pattern}\n{text[-3000:]}"
        return m.start()

    signal_caught = at(r"Signal caught")
    feeds_done = at(r"sl-service=EventFeedService\(.*Service finished")
    http_done = at(r"sl-service=Application \[ServiceLifecycle\] Service finished")
    projection_done = at(r"sl-service=StateProjectionService\(.*Service finished")
    log_closed = at(rf"head={final} path=\S+ \[EventLog\] event log closed")
    stopped = at(rf"head={final} \[CallplaneServer\] stopped")
    order = [signal_caught, feeds_done, http_done, projection_done, log_closed, stopped]
    assert order == sorted(order), f"shutdown out of order: {order}"
