"""End-to-end harness for Callplane: drives the REAL `callplane` binary over real HTTP with
real SQLite files.

Everything a test needs comes through fixtures:

* ``server_factory(start=True, args=())`` -> a :class:`CallplaneServer` on a fresh data dir;
* ``server`` -> one started server with default options;
* ``cli`` -> :func:`run_cli` (runs the `callplane` command-line tool).

Access control: every route but /health, /ready, /metrics and POST /api/v1/session needs a
token. Each start of a :class:`CallplaneServer` logs in as ``admin`` (unless ``login=False``):
on the first start of a data directory the first-start password ``password`` must be changed,
so the harness changes it to :data:`ADMIN_PASSWORD` and logs in again. The token (in memory on
the server, so every start needs a new one) is sent by ``request()``, ``sse()`` and ``cli()``
unless a call passes ``token=`` (``token=None``: no credentials at all).

The binary is ``$CALLPLANE_BIN`` or ``<repo>/.build/debug/callplane``.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import time
import uuid
from pathlib import Path
from typing import Any, Iterable, NamedTuple
from urllib.parse import quote, urlencode

import pytest

REPO = Path(__file__).resolve().parents[2]
BIN = Path(os.environ.get("CALLPLANE_BIN", str(REPO / ".build" / "debug" / "callplane")))
HOST = "127.0.0.1"
READY_TIMEOUT = 60.0
STOP_TIMEOUT = 30.0
HTTP_TIMEOUT = 30.0

_NO_BODY = object()

ADMIN_NAME = "admin"
DEFAULT_ADMIN_PASSWORD = "password"  # the first-start password; must be changed at once
ADMIN_PASSWORD = "Callplane-Test.1"

_SESSION = object()  # `token=` default: the harness's admin session (if logged in)


# --------------------------------------------------------------------------------------------
# HTTP


class _Result(NamedTuple):
    status: int
    headers: dict  # lower-case names -> value
    body: Any  # parsed JSON when the body is JSON, else text


class HTTPResult(_Result):
    """Unpacks as (status, headers, body); `raw` keeps the body's bytes."""

    def __new__(cls, status: int, headers: dict, body: Any, raw: bytes = b""):
        self = super().__new__(cls, status, headers, body)
        self.raw = raw
        return self

    @property
    def position(self) -> int | None:
        value = self.headers.get("callplane-position")
        return int(value) if value is not None and value.strip().lstrip("-").isdigit() else None

    def describe(self) -> str:
        text = self.raw[:600].decode("utf-8", "replace")
        return f"HTTP {self.status} {text}"


def http_request(
    port: int,
    method: str,
    path: str,
    json_body: Any = _NO_BODY,
    raw_body: bytes | str | None = None,
    headers: dict | None = None,
    timeout: float = HTTP_TIMEOUT,
    host: str = HOST,
    source: str | None = None,
) -> HTTPResult:
    """One request on a fresh connection; returns (status, headers, body). `source` is the
    local address to send from (another loopback address, e.g. 127.0.0.2, is another client)."""
    hdrs = {"Accept": "application/json"}
    body: bytes | None = None
    if json_body is not _NO_BODY:
        body = json.dumps(json_body).encode()
        hdrs["Content-Type"] = "application/json"
    elif raw_body is not None:
        body = raw_body.encode() if isinstance(raw_body, str) else raw_body
        hdrs["Content-Type"] = "application/json"
    if headers:
        hdrs.update(headers)
    conn = http.client.HTTPConnection(host, port, timeout=timeout, source_address=(source, 0) if source else None)
    try:
        conn.request(method, path, body=body, headers=hdrs)
        resp = conn.getresponse()
        raw = resp.read()
        resp_headers = {k.lower(): v for k, v in resp.getheaders()}
        status = resp.status
    finally:
        conn.close()
    parsed: Any = raw.decode("utf-8", "replace")
    ctype = resp_headers.get("content-type", "")
    if raw and ("json" in ctype or raw[:1] in (b"{", b"[")):
        try:
            parsed = json.loads(raw)
        except ValueError:
            pass
    return HTTPResult(status, resp_headers, parsed, raw)


# --------------------------------------------------------------------------------------------
# Server-sent events


class SSEEvent(NamedTuple):
    id: str | None
    event: str | None
    data: str

    @property
    def position(self) -> int:
        return int(self.id)  # type: ignore[arg-type]

    def json(self) -> Any:
        return json.loads(self.data)


class SSEStream:
    """A client of `GET /api/v1/events/feed` that parses the text/event-stream framing."""

    def __init__(self, port: int, path: str, headers: dict | None = None, timeout: float = 20.0):
        self.conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
        hdrs = {"Accept": "text/event-stream", "Cache-Control": "no-cache"}
        if headers:
            hdrs.update(headers)
        self.conn.request("GET", path, headers=hdrs)
        self.resp = self.conn.getresponse()
        self.status = self.resp.status
        self.headers = {k.lower(): v for k, v in self.resp.getheaders()}
        self.timeout = timeout

    def next_event(self, timeout: float | None = None) -> SSEEvent | None:
        """The next message that carries data; None at the end of the stream.

        Raises socket.timeout when nothing arrives within `timeout`.
        """
        if self.conn.sock is not None:
            self.conn.sock.settimeout(timeout if timeout is not None else self.timeout)
        ev_id: str | None = None
        ev_type: str | None = None
        data: list[str] = []
        seen_field = False
        while True:
            line = self.resp.readline()
            if not line:
                return None
            text = line.decode("utf-8").rstrip("\r\n")
            if text == "":
                if seen_field and data:
                    return SSEEvent(ev_id, ev_type, "\n".join(data))
                ev_id, ev_type, data, seen_field = None, None, [], False
                continue
            if text.startswith(":"):
                continue  # comment / heartbeat
            field, _, value = text.partition(":")
            if value.startswith(" "):
                value = value[1:]
            seen_field = True
            if field == "id":
                ev_id = value
            elif field == "event":
                ev_type = value
            elif field == "data":
                data.append(value)

    def close(self) -> None:
        try:
            if self.conn.sock is not None:
                self.conn.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        try:
            self.resp.close()
        except Exception:
            pass
        self.conn.close()

    def __enter__(self) -> "SSEStream":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --------------------------------------------------------------------------------------------
# CLI


def cli_env(env: dict | None = None) -> dict:
    """The process environment plus `env`; a value of None removes that variable."""
    full_env = dict(os.environ)
    for key, value in (env or {}).items():
        if value is None:
            full_env.pop(key, None)
        else:
            full_env[key] = value
    return full_env


def run_cli(*args: str, server: str | None = None, env: dict | None = None,
            timeout: float = 60.0, input: str | None = None) -> subprocess.CompletedProcess:
    """Runs `callplane ARGS… [--server URL]`; returns the completed process (text mode).

    `env` adds to the environment (None removes a variable); `input` is written to stdin.
    """
    cmd = [str(BIN), *args]
    if server is not None:
        cmd += ["--server", server]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=cli_env(env),
                          input=input, stdin=None if input is not None else subprocess.DEVNULL)


def cli_output(proc: subprocess.CompletedProcess) -> str:
    return f"exit {proc.returncode}\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"


# --------------------------------------------------------------------------------------------
# The server process


def free_port(exclude: Iterable[int] = ()) -> int:
    """A free port, none of ``exclude``: the kernel may hand out a port it just handed out once
    the socket that asked is closed, and one start asks for four (HTTP, SNMP, SIP, SIP over TLS)
    — a CI run once gave SNMP the port SIP had just been given."""
    excluded = set(exclude)
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind((HOST, 0))
            port = s.getsockname()[1]
        if port not in excluded:
            return port
    raise RuntimeError("no free port")


def free_udp_tcp_port(exclude: Iterable[int] = ()) -> int:
    """A port free for both UDP and TCP, as a SIP listener pair on one port needs."""
    for _ in range(50):
        port = free_port(exclude)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
            try:
                u.bind((HOST, port))
            except OSError:
                continue
            return port
    raise RuntimeError("no port free for both UDP and TCP")


class CallplaneServer:
    """One `callplane serve` process on a data directory that survives restarts.

    Each start picks a fresh free port (so a restart never races a lingering socket); the data
    directory stays the same. Logs (stderr and stdout) of every start are appended to
    ``log_path``.
    """

    def __init__(self, data_dir: Path, log_path: Path, args: Iterable[str] = (), login: bool = True):
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = Path(log_path)
        self.default_args = list(args)
        self.proc: subprocess.Popen | None = None
        self.port: int = 0
        self.snmp_port: int = 0
        self.sip_port: int = 0  # UDP and TCP
        self.sip_tls_port: int = 0
        self.starts = 0
        self._log_file = None
        self.auto_login = login
        self.token: str | None = None  # the admin session of the harness
        self.admin_password = DEFAULT_ADMIN_PASSWORD  # what the harness believes it is

    # --- lifecycle

    @property
    def db_path(self) -> Path:
        return self.data_dir / "callplane.sqlite"

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self, *extra_args: str, args: Iterable[str] | None = None, wait: bool = True,
              login: bool | None = None) -> "CallplaneServer":
        """Starts the server; once ready, logs in as admin (``login``, default: the server's
        ``auto_login``)."""
        if not BIN.exists():
            pytest.fail(f"callplane binary not found at {BIN} (build it, or set CALLPLANE_BIN)")
        assert not self.running, "server already running"
        self.port = free_port()
        base = self.default_args if args is None else list(args)
        cmd = [str(BIN), "serve", "--data-dir", str(self.data_dir),
               "--http-host", HOST, "--http-port", str(self.port), *base, *extra_args]
        # Every server gets an SNMP port of its own, so servers of one test never collide.
        taken = [self.port]
        if not any(a in ("--snmp-address", "--snmp-agentx") for a in cmd):
            self.snmp_port = free_port(taken)
            taken.append(self.snmp_port)
            cmd += ["--snmp-address", f"udp:{HOST}:{self.snmp_port}"]
        # And SIP listeners of its own (the default 5060 would be shared by every server).
        if not any(a == "--sip-listen" for a in cmd):
            self.sip_port = free_udp_tcp_port(taken)
            self.sip_tls_port = free_port(taken + [self.sip_port])
            cmd += ["--sip-listen", f"udp:{HOST}:{self.sip_port},tcp:{HOST}:{self.sip_port},tls:{HOST}:{self.sip_tls_port}"]
        self.starts += 1
        self.token = None  # sessions live in the server's memory: a new process knows none
        self._log_file = open(self.log_path, "ab")
        self._log_file.write(f"\n===== start #{self.starts}: {' '.join(cmd)}\n".encode())
        self._log_file.flush()
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=self._log_file,
                                     stderr=self._log_file, start_new_session=True)
        if wait:
            self.wait_ready()
            if self.auto_login if login is None else login:
                self.login()
        return self

    def wait_ready(self, timeout: float = READY_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        last = "no answer yet"
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                pytest.fail(f"callplane serve exited with {self.proc.returncode} before it was ready "
                            f"({last}).\n--- server log tail\n{self.log_tail()}")
            try:
                r = http_request(self.port, "GET", "/ready", timeout=2.0)
                if r.status == 200:
                    return
                last = f"/ready answered {r.status}"
            except (OSError, http.client.HTTPException) as e:
                last = f"/ready: {e!r}"
            time.sleep(0.05)
        pytest.fail(f"callplane serve not ready within {timeout:.0f} s ({last}).\n"
                    f"--- server log tail\n{self.log_tail()}")

    def stop(self, timeout: float = STOP_TIMEOUT) -> int:
        """SIGTERM and wait; returns the exit status (fails the test if it hangs)."""
        assert self.proc is not None, "server never started"
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill9()
                pytest.fail(f"callplane serve did not exit within {timeout:.0f} s of SIGTERM.\n"
                            f"--- server log tail\n{self.log_tail()}")
        self._close_log()
        return self.proc.returncode

    def kill9(self) -> None:
        assert self.proc is not None, "server never started"
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=STOP_TIMEOUT)
        self._close_log()

    def restart(self, *extra_args: str, args: Iterable[str] | None = None,
                login: bool | None = None) -> "CallplaneServer":
        if self.running:
            rc = self.stop()
            assert rc == 0, f"SIGTERM exit status {rc}, expected 0.\n{self.log_tail()}"
        return self.start(*extra_args, args=args, login=login)

    def _close_log(self) -> None:
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    def log_tail(self, lines: int = 40) -> str:
        """The last lines of the server's log, after any fatal-error lines of the last start."""
        try:
            text = self.log_path.read_bytes().decode("utf-8", "replace")
        except OSError:
            return "(no log)"
        last_start = text.rfind("===== start #")
        current = text[last_start:] if last_start >= 0 else text
        fatal = [l for l in current.splitlines() if re.search(r"Fatal error|fatal|panic|crashed", l, re.I)][:5]
        tail = "\n".join(current.splitlines()[-lines:])
        return ("\n".join(fatal) + "\n...\n" if fatal else "") + tail

    # --- sessions

    def auth_headers(self, token: Any = _SESSION) -> dict:
        """`Authorization: Bearer` for `token` (default: the harness's session; None: nothing)."""
        if token is _SESSION:
            token = self.token
        return {"Authorization": f"Bearer {token}"} if token is not None else {}

    def open_session(self, name: str, password: str, interface: str | None = None, source: str | None = None) -> HTTPResult:
        """POST /api/v1/session without credentials; the answer as it is."""
        body = {"name": name, "password": password}
        if interface is not None:
            body["interface"] = interface
        return self.request("POST", "/api/v1/session", body, token=None, source=source)

    def login(self) -> str:
        """Opens the harness's admin session; on a first start changes the first-start password
        to ADMIN_PASSWORD and logs in again. Ends the previous harness session first."""
        self.logout()
        r = self.open_session(ADMIN_NAME, self.admin_password)
        if r.status == 401 and self.admin_password != ADMIN_PASSWORD:
            # Changed already (a data directory this object did not start the first time).
            r = self.open_session(ADMIN_NAME, ADMIN_PASSWORD)
            if r.status == 201:
                self.admin_password = ADMIN_PASSWORD
        assert r.status == 201 and isinstance(r.body, dict) and r.body.get("token"), \
            f"admin login (POST /api/v1/session): {r.describe()}"
        if r.body.get("mustChangePassword"):
            first = r.body["token"]
            c = self.request("PUT", f"/api/v1/accounts/{ADMIN_NAME}/password",
                             {"currentPassword": self.admin_password, "newPassword": ADMIN_PASSWORD}, token=first)
            assert c.status == 200, f"changing the first-start admin password: {c.describe()}"
            self.admin_password = ADMIN_PASSWORD
            self.request("DELETE", "/api/v1/session", token=first)  # whatever it answers
            r = self.open_session(ADMIN_NAME, ADMIN_PASSWORD)
            assert r.status == 201 and isinstance(r.body, dict) and r.body.get("token"), \
                f"admin login after the password change: {r.describe()}"
            assert r.body.get("mustChangePassword") is False, f"still must change the password: {r.body}"
        self.token = r.body["token"]
        return self.token

    def logout(self) -> None:
        """Ends the harness's session (if any); whatever the server answers."""
        if self.token is not None and self.running:
            try:
                self.request("DELETE", "/api/v1/session")
            except (OSError, http.client.HTTPException):
                pass
        self.token = None

    # --- HTTP

    def request(self, method: str, path: str, json_body: Any = _NO_BODY, *, raw: bytes | str | None = None,
                headers: dict | None = None, idempotency_key: str | None = None,
                if_match: int | str | None = None, timeout: float = HTTP_TIMEOUT,
                token: Any = _SESSION, source: str | None = None) -> HTTPResult:
        """One request; sends the harness's token unless `token=` names another (None: none)."""
        hdrs = self.auth_headers(token)
        hdrs.update(headers or {})
        if idempotency_key is not None:
            hdrs["Idempotency-Key"] = idempotency_key
        if if_match is not None:
            hdrs["If-Match"] = f'"{if_match}"' if isinstance(if_match, int) else if_match
        return http_request(self.port, method, path, json_body=json_body, raw_body=raw,
                            headers=hdrs, timeout=timeout, source=source)

    def get(self, path: str, **kw: Any) -> HTTPResult:
        return self.request("GET", path, **kw)

    def post(self, path: str, body: Any = _NO_BODY, **kw: Any) -> HTTPResult:
        return self.request("POST", path, body, **kw)

    def put(self, path: str, body: Any = _NO_BODY, **kw: Any) -> HTTPResult:
        return self.request("PUT", path, body, **kw)

    def patch(self, path: str, body: Any = _NO_BODY, **kw: Any) -> HTTPResult:
        return self.request("PATCH", path, body, **kw)

    def delete(self, path: str, **kw: Any) -> HTTPResult:
        return self.request("DELETE", path, **kw)

    # --- domain helpers

    def head(self) -> int:
        """The log head as `/api/v1/events` reports it."""
        r = self.get("/api/v1/events?limit=1")
        assert r.status == 200, f"GET /api/v1/events?limit=1: {r.describe()}"
        return int(r.body["head"])

    def events(self, after: int = 0, limit: int = 1000, **filters: str) -> HTTPResult:
        q = {"after": after, "limit": limit, **filters}
        return self.get("/api/v1/events?" + urlencode(q))

    def all_events(self, after: int = 0, **filters: str) -> list[dict]:
        out: list[dict] = []
        for _ in range(100_000):
            r = self.events(after=after, limit=1000, **filters)
            assert r.status == 200, f"GET /api/v1/events after={after}: {r.describe()}"
            page = r.body["events"]
            out.extend(page)
            nxt = r.body.get("next")
            if nxt is None or not page:
                return out
            assert int(nxt) > after, f"`next` did not advance: after={after} next={nxt}"
            after = int(nxt)
        raise AssertionError("paging never ended")

    def state_hash(self) -> tuple[str, int]:
        r = self.get("/api/v1/state/hash")
        assert r.status == 200, f"GET /api/v1/state/hash: {r.describe()}"
        return r.body["hash"], int(r.body["position"])

    def create_user(self, number: str, name: str, **extra: Any) -> HTTPResult:
        body = {"number": number, "name": name, **extra}
        r = self.post("/api/v1/users", body, idempotency_key=str(uuid.uuid4()))
        assert r.status == 201, f"POST /api/v1/users {body}: {r.describe()}"
        return r

    def create_terminal(self, registration_name: str, kind: str = "standard_sip",
                        password: str = "s3cret-pass", **extra: Any) -> HTTPResult:
        body = {"kind": kind, "registrationName": registration_name, "password": password, **extra}
        r = self.post("/api/v1/terminals", body, idempotency_key=str(uuid.uuid4()))
        assert r.status == 201, f"POST /api/v1/terminals {body}: {r.describe()}"
        return r

    def user_path(self, number: str) -> str:
        return "/api/v1/users/" + quote(number, safe="")

    def sse(self, after: int | None = None, last_event_id: int | None = None,
            type_prefix: str | None = None, timeout: float = 20.0, token: Any = _SESSION) -> SSEStream:
        q = {}
        if after is not None:
            q["after"] = after
        if type_prefix is not None:
            q["type"] = type_prefix
        path = "/api/v1/events/feed" + ("?" + urlencode(q) if q else "")
        headers = {"Last-Event-ID": str(last_event_id)} if last_event_id is not None else {}
        return self.stream(path, headers, timeout=timeout, token=token)

    def stream(self, path: str, headers: dict | None = None, timeout: float = 20.0,
               token: Any = _SESSION) -> SSEStream:
        """Any server-sent-events route, with the harness's token unless told otherwise."""
        return SSEStream(self.port, path, {**self.auth_headers(token), **(headers or {})}, timeout=timeout)

    def cli(self, *args: str, timeout: float = 60.0, token: Any = _SESSION, env: dict | None = None,
            input: str | None = None) -> subprocess.CompletedProcess:
        """`callplane ARGS --server URL` with CALLPLANE_TOKEN = the harness's token (token=None:
        the variable is removed)."""
        if token is _SESSION:
            token = self.token
        return run_cli(*args, server=self.url, timeout=timeout, input=input,
                       env={"CALLPLANE_TOKEN": token, **(env or {})})

    # --- the database, read-only

    def read_db(self, sql: str, params: tuple = ()) -> list[tuple]:
        conn = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True, timeout=10)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()


def verify_chain(data_dir: Path) -> subprocess.CompletedProcess:
    return run_cli("events", "verify", "--data-dir", str(data_dir))


def eventually(what: str, condition, timeout: float = 15.0):
    """Polls `condition` until it returns something truthy (and returns that), or fails naming `what`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting until {what}")


def error_body_problems(r: HTTPResult) -> list[str]:
    """The ways an error response breaks the `{code, message, details}` contract."""
    problems = []
    if not isinstance(r.body, dict):
        return [f"body is not a JSON object: {r.raw[:200]!r}"]
    for key, kind in (("code", str), ("message", str), ("details", dict)):
        if not isinstance(r.body.get(key), kind):
            problems.append(f"`{key}` missing or not a {kind.__name__}: {r.body!r}")
    return problems


# --------------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture
def server_factory(tmp_path: Path):
    servers: list[CallplaneServer] = []

    def make(start: bool = True, args: Iterable[str] = (), name: str | None = None,
             login: bool = True) -> CallplaneServer:
        label = name or f"node{len(servers) + 1}"
        srv = CallplaneServer(tmp_path / label / "data", tmp_path / label / "server.log", args, login=login)
        servers.append(srv)
        if start:
            srv.start()
        return srv

    yield make

    for srv in servers:
        if srv.running:
            try:
                srv.proc.send_signal(signal.SIGTERM)  # type: ignore[union-attr]
                srv.proc.wait(timeout=STOP_TIMEOUT)  # type: ignore[union-attr]
            except subprocess.TimeoutExpired:
                srv.kill9()
        srv._close_log()


@pytest.fixture
def server(server_factory) -> CallplaneServer:
    return server_factory()


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def verify():
    return verify_chain


@pytest.fixture
def check_error():
    return error_body_problems
