"""Slow clients cannot take the admin API down (issue 13, point 17).

A slow-loris client opens many connections, sends the start of a request head and then one
more header line now and then, never the blank line that ends the head. Before the fix each
such connection stayed open for ever and ~20,000 of them used up the file descriptors. Now a
request must arrive within ``--http-read-timeout`` of the connection's opening (or of its first
byte), a kept-alive connection is closed after ``--http-idle-timeout``, and connections beyond
``--http-max-connections`` are closed as soon as they are accepted.
"""

from __future__ import annotations

import http.client
import re
import select
import socket
import ssl
import threading
import time

from conftest import ADMIN_NAME, HOST
from peers import make_certificate

PARTIAL_HEAD = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
PROMPT = 2.0  # seconds: what "answers promptly" means on a loaded 2-core test machine


class SlowLoris:
    """`count` connections that send PARTIAL_HEAD, then a header line every `trickle` seconds
    (so a deadline that restarts on every byte would never fire), from a background thread that
    notes when the server closes each one. With `send_head=False` they send nothing at all (a
    TLS client that never starts its handshake)."""

    def __init__(self, port: int, count: int, trickle: float | None = 0.5,
                 context: ssl.SSLContext | None = None, send_head: bool = True):
        self.trickle = trickle if send_head else None
        self.opened_at: dict[int, float] = {}
        self.closed_at: dict[int, float] = {}
        self.sockets: list[socket.socket] = []
        self.answers: list[bytes] = []  # anything the server sent: it must answer no incomplete head
        for _ in range(count):
            raw = socket.create_connection((HOST, port), timeout=5)
            sock = context.wrap_socket(raw, server_hostname="localhost") if context else raw
            self.opened_at[sock.fileno()] = time.monotonic()
            self.sockets.append(sock)
            if send_head:
                self._send(sock, PARTIAL_HEAD)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._pump, daemon=True)
        self._thread.start()

    def _closed(self, sock: socket.socket) -> None:
        self.closed_at.setdefault(sock.fileno(), time.monotonic())

    def _send(self, sock: socket.socket, data: bytes) -> None:
        try:
            sock.sendall(data)
        except OSError:
            self._closed(sock)

    def _pump(self) -> None:
        next_trickle = time.monotonic() + (self.trickle or 0)
        while not self._stop.is_set():
            open_sockets = [s for s in self.sockets if s.fileno() not in self.closed_at]
            if not open_sockets:
                return
            readable, _, _ = select.select(open_sockets, [], [], 0.05)
            for sock in readable:
                try:
                    sock.settimeout(0.5)
                    data = sock.recv(4096)
                except ssl.SSLWantReadError:
                    continue
                except OSError:
                    data = b""
                if not data:
                    self._closed(sock)
                else:
                    self.answers.append(data[:200])
            if self.trickle is not None and time.monotonic() >= next_trickle:
                next_trickle += self.trickle
                for sock in open_sockets:
                    if sock.fileno() not in self.closed_at:
                        self._send(sock, b"X-Slow: 1\r\n")

    def open_count(self) -> int:
        return len(self.sockets) - len(self.closed_at)

    def wait_all_closed(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.open_count() > 0:
            time.sleep(0.05)
        assert not self.answers, f"the server answered an incomplete head: {self.answers[:3]}"

    def lifetimes(self) -> list[float]:
        return [self.closed_at[fd] - self.opened_at[fd] for fd in self.closed_at]

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        for sock in self.sockets:
            sock.close()


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def metric(text: str, name: str) -> float:
    match = re.search(rf"^{re.escape(name)} ([0-9.e+]+)$", text, re.M)
    assert match, f"{name} not in /metrics:\n{text[:2000]}"
    return float(match.group(1))


def keep_alive_get(conn: http.client.HTTPConnection, path: str, token: str | None = None):
    """A request on an open keep-alive connection; fails if http.client had to reconnect."""
    sock = conn.sock
    conn.request("GET", path, headers={"Authorization": f"Bearer {token}"} if token else {})
    resp = conn.getresponse()
    body = resp.read()
    assert sock is None or conn.sock is sock, "the server closed the established connection"
    return resp.status, body


def test_slow_loris_connections_are_cut_at_the_read_timeout_while_the_api_answers(server_factory):
    srv = server_factory(args=["--http-read-timeout", "2"])
    loris = SlowLoris(srv.port, 200)
    try:
        # (a) While 200 stalled connections are open the API answers new clients at once.
        time.sleep(0.5)
        assert loris.open_count() == 200, "stalled connections were closed before the read timeout"
        health, elapsed = timed(lambda: srv.get("/health", token=None))
        assert health.status == 200 and elapsed < PROMPT, (health.describe(), elapsed)
        users, elapsed = timed(lambda: srv.get("/api/v1/users"))
        assert users.status == 200 and elapsed < PROMPT, (users.describe(), elapsed)

        # (b) The server closes each one at the read timeout, however often it sends a byte.
        loris.wait_all_closed(timeout=8)
        assert loris.open_count() == 0, f"{loris.open_count()} stalled connections still open after 8 s"
        lifetimes = loris.lifetimes()
        assert min(lifetimes) > 1.5 and max(lifetimes) < 5.0, \
            f"closed after {min(lifetimes):.2f}–{max(lifetimes):.2f} s, expected the 2 s read timeout"
    finally:
        loris.close()

    metrics = srv.get("/metrics", token=None)
    assert metric(metrics.body, 'callplane_http_connections_timed_out_total{reason="read"}') >= 200
    assert srv.get(f"/api/v1/accounts/{ADMIN_NAME}").status == 200


def test_a_kept_alive_connection_is_served_until_the_idle_timeout(server_factory):
    srv = server_factory(args=["--http-read-timeout", "2", "--http-idle-timeout", "4"])
    conn = http.client.HTTPConnection(HOST, srv.port, timeout=10)
    try:
        assert keep_alive_get(conn, "/health")[0] == 200
        time.sleep(3)  # longer than the read timeout: a kept-alive connection waits the idle one
        assert keep_alive_get(conn, "/api/v1/users", srv.token)[0] == 200
        started = time.monotonic()
        conn.sock.settimeout(10)
        assert conn.sock.recv(1) == b"", "the server sent something on an idle connection"
        idle = time.monotonic() - started
        assert 3.0 < idle < 7.0, f"closed after {idle:.2f} s idle, expected 4 s"
    finally:
        conn.close()


def test_connections_beyond_the_limit_are_refused_while_established_ones_keep_working(server_factory):
    limit = 20
    srv = server_factory(args=["--http-max-connections", str(limit), "--http-read-timeout", "60", "--http-idle-timeout", "60"])
    admin = http.client.HTTPConnection(HOST, srv.port, timeout=10)
    loris = beyond = None
    try:
        assert keep_alive_get(admin, "/api/v1/users", srv.token)[0] == 200
        loris = SlowLoris(srv.port, limit - 1)

        def gauge():
            status, body = keep_alive_get(admin, "/metrics")
            assert status == 200
            return metric(body.decode(), "callplane_http_connections")

        assert srv_eventually(lambda: gauge() == limit), f"the server never held {limit} connections"

        # (c) Beyond the limit a connection is closed at once — long before any timeout.
        beyond = SlowLoris(srv.port, 10)
        beyond.wait_all_closed(timeout=3)
        assert beyond.open_count() == 0, f"{beyond.open_count()} connections beyond the limit were kept"
        assert max(beyond.lifetimes()) < PROMPT, beyond.lifetimes()
        assert loris.open_count() == limit - 1, "connections within the limit were closed"

        # The established administrator is still served, promptly, on the same connection.
        for path in ("/health", "/api/v1/users", f"/api/v1/accounts/{ADMIN_NAME}"):
            (status, body), elapsed = timed(lambda: keep_alive_get(admin, path, srv.token))
            assert status == 200 and elapsed < PROMPT, (path, status, body[:200], elapsed)
        status, body = keep_alive_get(admin, "/metrics")
        assert metric(body.decode(), "callplane_http_connections_refused_total") >= 10

        # One log line for the ten refusals: an attack cannot flood the log.
        log = srv.log_path.read_text(errors="replace")
        assert log.count("admin API connections refused") == 1, log[-3000:]

        # The places come back when the stalled connections go.
        loris.close()
        loris = None
        assert srv_eventually(lambda: srv.get("/health", token=None).status == 200)
    finally:
        admin.close()
        for group in (loris, beyond):
            if group is not None:
                group.close()


def test_a_tls_handshake_or_head_that_never_completes_is_cut(server_factory, tmp_path):
    cert, key = make_certificate(tmp_path / "tls")
    srv = server_factory(start=False)
    srv.start("--tls-certificate", cert, "--tls-key", key, "--http-read-timeout", "2", wait=False, login=False)
    context = ssl.create_default_context(cafile=cert)

    def ready():
        conn = http.client.HTTPSConnection(HOST, srv.port, context=context, timeout=5)
        try:
            conn.request("GET", "/ready")
            return conn.getresponse().status == 200
        except (OSError, http.client.HTTPException):
            return False
        finally:
            conn.close()

    assert srv_eventually(ready, timeout=60), srv.log_tail()
    # Ten connections that never start the handshake, ten that finish it but not their head.
    silent = SlowLoris(srv.port, 10, send_head=False)
    stalled = SlowLoris(srv.port, 10, context=context)
    try:
        assert ready(), "HTTPS stopped answering while slow clients were connected"
        for group in (silent, stalled):
            group.wait_all_closed(timeout=8)
            assert group.open_count() == 0, f"{group.open_count()} slow TLS connections still open after 8 s"
            assert min(group.lifetimes()) > 1.5, group.lifetimes()
    finally:
        silent.close()
        stalled.close()


def srv_eventually(condition, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.1)
    return False
