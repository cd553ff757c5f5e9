"""Real peers for Callplane's outside connectors, on 127.0.0.1: a syslog collector (RFC 5426
UDP, RFC 6587 TCP with octet counting, RFC 5425 TLS), an HTTPS webhook receiver that
checks the ``Callplane-Signature`` header, and an FTP server (pyftpdlib; FTPS with AUTH TLS).

Importable (pytest fixtures build on :class:`SyslogCollector` and :class:`WebhookReceiver`)
and runnable, for tests written in other languages::

    python3 peers.py certificate --dir D
    python3 peers.py syslog --transport tls --port P --cert C --key K
    python3 peers.py webhook --port P --cert C --key K --secret S [--status 503]
    python3 peers.py ftp --port P --home DIR --user U --password W [--cert C --key K]
        [--cut-after BYTES]

In the two server modes the first line on stdout is ``{"ready": true, "port": P}`` once the
socket listens (port 0 picks a free one), then one JSON line per received message, flushed at
once. SIGTERM or SIGINT stops the peer.

Standard library only (CPython 3.11): ``openssl`` makes the certificates. The FTP peer alone
needs ``pyftpdlib``, and ``pyopenssl`` for FTPS (ops/install-deps installs both); they are
imported when it starts, so the other peers run without them.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import http.server
import json
import logging
import os
import re
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable

HOST = "127.0.0.1"

# --------------------------------------------------------------------------------------------
# Certificates


def make_certificate(
    directory: str | os.PathLike,
    name: str = "localhost",
    san: str = "DNS:localhost,IP:127.0.0.1",
) -> tuple[str, str]:
    """A self-signed certificate and its key, as PEM files in ``directory``.

    Self-signed, so the certificate is also the CA file a client trusts. The subject
    alternative names are what clients check (RFC 6125 §6.4: the CN is not consulted when SANs
    exist), hence both the DNS name and the IP address.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    cert, key = directory / f"{name}.crt", directory / f"{name}.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=localhost", "-addext", f"subjectAltName={san}",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    return str(cert), str(key)


def free_port(kind: int = socket.SOCK_STREAM) -> int:
    """A port nothing listens on right now (for "receiver down" cases)."""
    with socket.socket(socket.AF_INET, kind) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


# --------------------------------------------------------------------------------------------
# RFC 5424


class SyslogParseError(ValueError):
    pass


_HEADER = re.compile(
    rb"<(\d{1,3})>(\d{1,2}) (\S+) (\S+) (\S+) (\S+) (\S+) "
)
_SD_NAME = rb'[^= \]"]{1,32}'
_BOM = b"\xef\xbb\xbf"


def parse_rfc5424(line: bytes | str) -> dict[str, Any]:
    """The fields of one RFC 5424 message (§6): PRI split into facility and severity,
    structured data as ``{sd_id: {param: value}}`` with §6.3.3 escapes undone, MSG without a
    leading BOM (§6.4)."""
    data = line.encode() if isinstance(line, str) else bytes(line)
    header = _HEADER.match(data)
    if not header:
        raise SyslogParseError(f"no RFC 5424 header: {data[:80]!r}")
    pri = int(header.group(1))
    if pri > 191:
        raise SyslogParseError(f"PRI {pri} out of range")
    sd, rest = _parse_structured_data(data, header.end())
    if rest and not rest.startswith(b" "):
        raise SyslogParseError(f"no space before MSG: {rest[:40]!r}")
    msg = rest[1:]
    if msg.startswith(_BOM):
        msg = msg[len(_BOM):]
    text = lambda value: value.decode("utf-8")  # noqa: E731
    return {
        "pri": pri,
        "facility": pri // 8,
        "severity": pri % 8,
        "version": int(header.group(2)),
        "timestamp": text(header.group(3)),
        "hostname": text(header.group(4)),
        "app": text(header.group(5)),
        "procid": text(header.group(6)),
        "msgid": text(header.group(7)),
        "sd": sd,
        "msg": msg.decode("utf-8", errors="replace"),
    }


def _parse_structured_data(data: bytes, index: int) -> tuple[dict[str, dict[str, str]], bytes]:
    if data[index:index + 1] == b"-":
        return {}, data[index + 1:]
    elements: dict[str, dict[str, str]] = {}
    while data[index:index + 1] == b"[":
        sd_id = re.compile(_SD_NAME).match(data, index + 1)
        if not sd_id:
            raise SyslogParseError(f"bad SD-ID at {index}")
        params: dict[str, str] = {}
        index = sd_id.end()
        while data[index:index + 1] == b" ":
            name = re.compile(_SD_NAME).match(data, index + 1)
            if not name or data[name.end():name.end() + 2] != b'="':
                raise SyslogParseError(f"bad SD-PARAM at {index}")
            value, index = _parse_param_value(data, name.end() + 2)
            params[name.group().decode()] = value
        if data[index:index + 1] != b"]":
            raise SyslogParseError(f"unterminated SD-ELEMENT at {index}")
        elements[sd_id.group().decode()] = params
        index += 1
    if not elements:
        raise SyslogParseError(f"no STRUCTURED-DATA at {index}")
    return elements, data[index:]


def _parse_param_value(data: bytes, index: int) -> tuple[str, int]:
    """PARAM-VALUE up to the closing quote; ``\\"``, ``\\\\`` and ``\\]`` are escapes, a
    backslash before anything else is an ordinary backslash (RFC 5424 §6.3.3)."""
    value = bytearray()
    while index < len(data):
        byte = data[index:index + 1]
        if byte == b"\\" and data[index + 1:index + 2] in (b'"', b"\\", b"]"):
            value += data[index + 1:index + 2]
            index += 2
        elif byte == b'"':
            return value.decode("utf-8"), index + 1
        else:
            value += byte
            index += 1
    raise SyslogParseError("unterminated PARAM-VALUE")


def split_octet_counted(buffer: bytearray) -> list[bytes]:
    """Removes and returns every complete ``LEN SP MSG`` frame at the start of ``buffer``
    (RFC 6587 §3.4.1, RFC 5425 §4.3); an incomplete frame stays for the next read."""
    frames = []
    while buffer:
        space = buffer.find(b" ")
        if space < 0:
            if len(buffer) > 10 or not buffer.isdigit():
                raise SyslogParseError(f"no octet count: {bytes(buffer[:40])!r}")
            break
        count = bytes(buffer[:space])
        if not count.isdigit() or count.startswith(b"0"):
            raise SyslogParseError(f"bad octet count {count[:20]!r}")
        end = space + 1 + int(count)
        if len(buffer) < end:
            break
        frames.append(bytes(buffer[space + 1:end]))
        del buffer[:end]
    return frames


# --------------------------------------------------------------------------------------------
# Syslog collector


def _wait_for(lock: threading.Condition, items: list, count: int, timeout: float, what) -> list:
    """The first ``count`` of ``items`` (appended under ``lock``, which is notified), once there;
    TimeoutError naming ``what()`` otherwise."""
    deadline = time.monotonic() + timeout
    with lock:
        while len(items) < count:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"{len(items)} of {count} {what()}")
            lock.wait(remaining)
        return list(items[:count])


class SyslogCollector:
    """Listens on 127.0.0.1 and keeps every message it receives, parsed, in ``messages``.

    ``frames`` keeps each raw message (without its octet count), ``errors`` what could not be
    parsed or framed, ``connections`` how many stream connections were accepted.
    """

    def __init__(self, transport: str = "udp", cert: str | None = None, key: str | None = None,
                 port: int = 0, on_message: Callable[[dict], None] | None = None):
        if transport not in ("udp", "tcp", "tls"):
            raise ValueError(f"unknown transport {transport!r}")
        if transport == "tls" and not (cert and key):
            raise ValueError("tls needs cert and key")
        self.transport = transport
        self.cert, self.key = cert, key
        self.port = port
        self.on_message = on_message
        self.messages: list[dict] = []
        self.frames: list[bytes] = []
        self.errors: list[str] = []
        self.connections = 0
        self._lock = threading.Condition()
        self._socket: socket.socket | None = None
        self._open: set[socket.socket] = set()
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()

    def __enter__(self) -> "SyslogCollector":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> "SyslogCollector":
        kind = socket.SOCK_DGRAM if self.transport == "udp" else socket.SOCK_STREAM
        sock = socket.socket(socket.AF_INET, kind)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((HOST, self.port))
        self.port = sock.getsockname()[1]
        if kind == socket.SOCK_STREAM:
            sock.listen(16)
        sock.settimeout(0.2)
        self._socket = sock
        self._stopping.clear()
        target = self._receive_datagrams if self.transport == "udp" else self._accept
        self._spawn(target)
        return self

    def stop(self) -> None:
        self._stopping.set()
        with self._lock:
            sockets = list(self._open)
        for sock in sockets:
            _close_quietly(sock)
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads.clear()
        if self._socket:
            self._socket.close()
            self._socket = None

    def wait_for(self, count: int, timeout: float = 10.0) -> list[dict]:
        """The first ``count`` messages, once they have arrived; TimeoutError otherwise."""
        return _wait_for(self._lock, self.messages, count, timeout,
                         lambda: f"syslog messages after {timeout}s; errors: {self.errors}")

    def close_connections(self) -> None:
        """Hangs up on every connected sender, as a collector restart would."""
        with self._lock:
            sockets = list(self._open)
        for sock in sockets:
            _close_quietly(sock)

    # ----

    def _spawn(self, target, *args) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _record(self, frame: bytes) -> None:
        received_at = time.monotonic()
        try:
            message = parse_rfc5424(frame)
        except (SyslogParseError, UnicodeDecodeError) as error:
            with self._lock:
                self.errors.append(f"{error}: {frame[:120]!r}")
                self._lock.notify_all()
            return
        message["received_at"] = received_at
        with self._lock:
            self.frames.append(frame)
            self.messages.append(message)
            self._lock.notify_all()
        if self.on_message:
            self.on_message(message)

    def _receive_datagrams(self) -> None:
        sock = self._socket
        while not self._stopping.is_set():
            try:
                datagram, _ = sock.recvfrom(65535)
            except socket.timeout:
                continue
            except OSError:
                return
            self._record(datagram)

    def _accept(self) -> None:
        context = None
        if self.transport == "tls":
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.minimum_version = ssl.TLSVersion.TLSv1_2
            context.load_cert_chain(self.cert, self.key)
        listener = self._socket
        while not self._stopping.is_set():
            try:
                connection, _ = listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            with self._lock:
                self.connections += 1
                self._open.add(connection)
            self._spawn(self._receive_stream, connection, context)

    def _receive_stream(self, connection: socket.socket, context: ssl.SSLContext | None) -> None:
        buffer = bytearray()
        sock = connection
        try:
            sock.settimeout(10)
            if context:
                sock = context.wrap_socket(connection, server_side=True)
                with self._lock:
                    self._open.discard(connection)
                    self._open.add(sock)
            sock.settimeout(0.2)
            while not self._stopping.is_set():
                try:
                    chunk = sock.recv(65536)
                except (socket.timeout, ssl.SSLWantReadError):
                    continue
                if not chunk:
                    break
                buffer += chunk
                for frame in split_octet_counted(buffer):
                    self._record(frame)
        except (OSError, ssl.SSLError, SyslogParseError) as error:
            if not self._stopping.is_set():
                with self._lock:
                    self.errors.append(f"{type(error).__name__}: {error}")
                    self._lock.notify_all()
        finally:
            with self._lock:
                self._open.discard(sock)
                self._open.discard(connection)
            _close_quietly(sock)


def _close_quietly(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass


# --------------------------------------------------------------------------------------------
# Webhook receiver


def webhook_signature(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=`` + hex HMAC-SHA256 of ``timestamp + "." + body`` under ``secret``."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return "sha256=" + digest


class WebhookReceiver:
    """An HTTPS endpoint on 127.0.0.1 that records every POST and answers ``status``.

    Each entry of ``requests`` is ``{path, headers, body, raw_body, idempotency_key, timestamp,
    signature_ok, status}`` (headers with lower-case names). ``stop()`` then ``start()`` listens
    again on the same port, so a sender sees the receiver go down and come back.
    """

    def __init__(self, cert: str, key: str, secret: str, status: int = 200, port: int = 0,
                 on_request: Callable[[dict], None] | None = None):
        self.cert, self.key, self.secret = cert, key, secret
        self.status = status
        self.port = port
        self.on_request = on_request
        self.requests: list[dict] = []
        self._lock = threading.Condition()
        self._server: http.server.ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> "WebhookReceiver":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"https://{HOST}:{self.port}/events"

    def set_status(self, code: int) -> None:
        with self._lock:
            self.status = code

    def start(self) -> "WebhookReceiver":
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                status = receiver._record(self.path, self.headers, raw)
                answer = json.dumps({"status": status}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        class Server(http.server.ThreadingHTTPServer):
            allow_reuse_address = True
            daemon_threads = True

            def handle_error(self, request, client_address) -> None:
                pass  # failed handshakes (a client rejecting our certificate) are expected

        server = Server((HOST, self.port), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert, self.key)
        # The handshake then happens in the request's thread, not in the accept loop.
        server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
        self.port = server.server_address[1]
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
            self._server = None

    def messages(self) -> list[dict]:
        """Every received message in arrival order, across requests."""
        with self._lock:
            return [m for r in self.requests if isinstance(r["body"], dict) for m in r["body"].get("messages", [])]

    def wait_for(self, count: int, timeout: float = 10.0) -> list[dict]:
        """The first ``count`` requests, once they have arrived; TimeoutError otherwise."""
        return _wait_for(self._lock, self.requests, count, timeout, lambda: f"webhook requests after {timeout}s")

    def wait_for_messages(self, count: int, timeout: float = 10.0) -> list[dict]:
        """The first ``count`` messages (across requests), once they have arrived."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                messages = [m for r in self.requests if isinstance(r["body"], dict)
                            for m in r["body"].get("messages", [])]
                if len(messages) >= count:
                    return messages[:count]
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"{len(messages)} of {count} webhook messages after {timeout}s")
                self._lock.wait(remaining)

    def _record(self, path: str, headers, raw: bytes) -> int:
        timestamp = headers.get("Callplane-Timestamp", "")
        signature = headers.get("Callplane-Signature", "")
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        with self._lock:
            status = self.status
        request = {
            "path": path,
            "headers": {name.lower(): value for name, value in headers.items()},
            "body": body,
            "raw_body": raw.decode("utf-8", errors="replace"),
            "idempotency_key": headers.get("Idempotency-Key"),
            "timestamp": timestamp,
            "signature_ok": hmac.compare_digest(webhook_signature(self.secret, timestamp, raw), signature),
            "status": status,
        }
        with self._lock:
            self.requests.append(request)
            self._lock.notify_all()
        if self.on_request:
            self.on_request(request)
        return status


# --------------------------------------------------------------------------------------------
# FTP server


class FTPPeer:
    """A pyftpdlib FTP server on 127.0.0.1 with one account whose home is ``home``.

    With ``cert`` and ``key`` it is an FTPS server that requires ``AUTH TLS`` on the control
    connection and ``PROT P`` on the data connection before it accepts a login or a transfer
    (RFC 4217), as a server that refuses clear text does. ``cut_after`` aborts every upload once
    that many bytes arrived: the data connection closes and the server answers ``426``, as when
    its disk fails or the link drops in the middle of a transfer.

    ``events`` keeps one record per completed or failed upload, rename and failed login:
    ``{"event": "received" | "incomplete" | "renamed" | "login_failed", "path", "from",
    "size", "sha256", "tls", "tls_data", "user"}`` (paths relative to ``home``).
    """

    def __init__(self, home: str | os.PathLike, user: str, password: str, cert: str | None = None,
                 key: str | None = None, port: int = 0, cut_after: int | None = None,
                 on_event: Callable[[dict], None] | None = None):
        self.home = os.path.realpath(home)
        self.user, self.password = user, password
        self.cert, self.key = cert, key
        self.port = port
        self.cut_after = cut_after
        self.on_event = on_event
        self.events: list[dict] = []
        self._lock = threading.Condition()
        self._server = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> "FTPPeer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> "FTPPeer":
        from pyftpdlib import handlers
        from pyftpdlib.authorizers import DummyAuthorizer
        from pyftpdlib.servers import FTPServer

        logging.getLogger("pyftpdlib").setLevel(logging.WARNING)
        authorizer = DummyAuthorizer()
        authorizer.add_user(self.user, self.password, self.home, perm="elradfmwMT")
        peer = self
        if self.cert:
            if not hasattr(handlers, "TLS_FTPHandler"):
                raise RuntimeError("FTPS needs pyOpenSSL: install pyopenssl (ops/install-deps)")
            control, data = handlers.TLS_FTPHandler, handlers.TLS_DTPHandler
        else:
            control, data = handlers.FTPHandler, handlers.DTPHandler

        class Handler(control):
            auth_failed_timeout = 0.05  # pyftpdlib's 3 s pause after a wrong password slows tests

            def _security(self) -> dict:
                return {"tls": bool(getattr(self, "_ssl_established", False)),
                        "tls_data": bool(getattr(self, "_prot", False))}

            def on_file_received(self, file):
                peer._record("received", file, **self._security())

            def on_incomplete_file_received(self, file):
                peer._record("incomplete", file, **self._security())

            def on_login_failed(self, username, password):
                peer._emit({"event": "login_failed", "user": username})

            def ftp_RNTO(self, path):
                result = super().ftp_RNTO(path)
                if result:
                    peer._record("renamed", result[1], source=result[0], **self._security())
                return result

        Handler.authorizer = authorizer
        if self.cert:
            Handler.certfile, Handler.keyfile = self.cert, self.key
            Handler.tls_control_required = True
            Handler.tls_data_required = True
        if self.cut_after is not None:
            limit = self.cut_after

            class CuttingDataHandler(data):
                # DTPHandler binds handle_read_event to its own handle_read; hook the event.
                def handle_read_event(self):
                    super().handle_read_event()
                    if not self._closed and self.receive and self.tot_bytes_received >= limit:
                        self.transfer_finished = False
                        self._resp = ("426 Connection closed; transfer aborted.", logging.getLogger("pyftpdlib").info)
                        self.close()

            Handler.dtp_handler = CuttingDataHandler
        else:
            Handler.dtp_handler = data

        self._server = FTPServer((HOST, self.port), Handler)
        self.port = self._server.address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"timeout": 0.1, "handle_exit": False}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.close_all()
            self._thread.join(timeout=5)
            self._server = None

    def wait_for(self, count: int, event: str = "renamed", timeout: float = 10.0) -> list[dict]:
        """The first ``count`` records of kind ``event``, once they have arrived."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = [e for e in self.events if e["event"] == event]
                if len(found) >= count:
                    return found[:count]
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"{len(found)} of {count} FTP {event} records after {timeout}s")
                self._lock.wait(remaining)

    def _record(self, event: str, path: str, source: str | None = None, **extra) -> None:
        record = {"event": event, "path": os.path.relpath(path, self.home), **extra}
        if source is not None:
            record["from"] = os.path.relpath(source, self.home)
        try:
            with open(path, "rb") as file:
                content = file.read()
            record["size"], record["sha256"] = len(content), hashlib.sha256(content).hexdigest()
        except OSError:
            record["size"], record["sha256"] = None, None
        self._emit(record)

    def _emit(self, record: dict) -> None:
        with self._lock:
            self.events.append(record)
            self._lock.notify_all()
        if self.on_event:
            self.on_event(record)


# --------------------------------------------------------------------------------------------
# Command line


def _main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    modes = parser.add_subparsers(dest="mode", required=True)
    certificate = modes.add_parser("certificate", help="write a self-signed certificate and key")
    certificate.add_argument("--dir", required=True)
    certificate.add_argument("--san", default="DNS:localhost,IP:127.0.0.1")
    syslog = modes.add_parser("syslog", help="run a syslog collector")
    syslog.add_argument("--transport", choices=("udp", "tcp", "tls"), default="udp")
    syslog.add_argument("--port", type=int, default=0)
    syslog.add_argument("--cert")
    syslog.add_argument("--key")
    webhook = modes.add_parser("webhook", help="run an HTTPS webhook receiver")
    webhook.add_argument("--port", type=int, default=0)
    webhook.add_argument("--cert", required=True)
    webhook.add_argument("--key", required=True)
    webhook.add_argument("--secret", required=True)
    webhook.add_argument("--status", type=int, default=200)
    ftp = modes.add_parser("ftp", help="run an FTP server (FTPS with AUTH TLS when --cert is given)")
    ftp.add_argument("--port", type=int, default=0)
    ftp.add_argument("--home", required=True, help="the account's home directory")
    ftp.add_argument("--user", required=True)
    ftp.add_argument("--password", required=True)
    ftp.add_argument("--cert")
    ftp.add_argument("--key")
    ftp.add_argument("--cut-after", type=int, metavar="BYTES", help="abort every upload after BYTES")
    args = parser.parse_args(argv)

    if args.mode == "certificate":
        cert, key = make_certificate(args.dir, san=args.san)
        _emit({"cert": cert, "key": key})
        return 0

    if args.mode == "syslog":
        peer = SyslogCollector(args.transport, args.cert, args.key, port=args.port, on_message=_emit)
    elif args.mode == "ftp":
        peer = FTPPeer(args.home, args.user, args.password, args.cert, args.key, port=args.port,
                       cut_after=args.cut_after, on_event=_emit)
    else:
        def emit_messages(request: dict) -> None:
            meta = {k: request[k] for k in ("idempotency_key", "timestamp", "signature_ok", "status", "headers", "raw_body")}
            messages = (request["body"] or {}).get("messages", [])
            for message in messages:
                _emit({**meta, "message": message})
            if not messages:  # a request without messages is a record too, so it can be seen
                _emit({**meta, "message": None})
        peer = WebhookReceiver(args.cert, args.key, args.secret, args.status, port=args.port, on_request=emit_messages)

    stop = threading.Event()
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: stop.set())
    # A parent may start us with these blocked (Swift's Foundation.Process passes on the mask of
    # the thread that spawns, and Dispatch threads block them): unblock, or SIGTERM never arrives.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    try:
        peer.start()
    except (ImportError, RuntimeError) as error:  # say why at once instead of leaving a test waiting
        _emit({"ready": False, "error": f"{error} ({sys.executable})"})
        return 1
    _emit({"ready": True, "port": peer.port})
    while not stop.wait(0.5):
        pass
    peer.stop()
    return 0


_emit_lock = threading.Lock()


def _emit(record: dict) -> None:
    with _emit_lock:
        sys.stdout.write(json.dumps(record, sort_keys=True) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
