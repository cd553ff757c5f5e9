"""A test alarm server for Callplane's ATAS interface, written from ``docs/atas.md`` alone.

The document is the contract ("An alarm server written from this document alone must work with
the server"); this client was written from it without reading the server's code, so a test that
fails here points at either the server or the document. Section names in the docstrings ("§
Transport and framing", ...) are the headings of ``docs/atas.md``.

Library use::

    with ATASClient("127.0.0.1", 7443, ca_file="ca.pem", server_name="callplane.local") as c:
        c.logon("alarm-desk", "secret", cycle_seconds=30)
        c.start_cycling(10)
        for m in c.event_messages(3, timeout=20):        # acknowledged as they arrive
            print(m["id"], m["key"])
        result = c.show_text("r-1", "Room 12 calls", users=["101"])
        c.logoff()

Command-line use (a benchmark receiver; see :func:`main`)::

    python3 atas_client.py --host 127.0.0.1 --port 7443 --ca-file ca.pem \\
        --account alarm-desk --password secret --count 10000

Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import json
import queue
import select
import socket
import ssl
import sys
import threading
import time

__all__ = ["ATASClient", "ATASError", "ConnectionClosed", "ProtocolError", "MAX_LINE_OCTETS"]

#: § Transport and framing: "at most 8,192 octets per line" (what the server accepts from us).
MAX_LINE_OCTETS = 8192

#: Timer F (§ Showing a text on phones: "The result comes ... after 32 s") plus a margin.
SHOW_TEXT_TIMEOUT = 40.0

# A line from the server longer than this is treated as a protocol violation (the document
# gives the 8,192-octet limit for lines the server reads, not for lines it writes, so the
# client is lenient up to here and only guards its memory).
_MAX_INCOMING_LINE = 1 << 20

# How many unclaimed `cycle_ok` replies the backlog keeps (background cycling would otherwise
# grow it by one per interval for as long as the connection lives).
_CYCLE_OK_BACKLOG = 16

_CLOSED = object()  # the reader's sentinel on the queue: the server closed the connection


class ConnectionClosed(Exception):
    """The connection is closed (by the server, by the network or by :meth:`ATASClient.close`)
    and no message that was asked for arrived before it."""


class ProtocolError(ConnectionClosed):
    """The server sent something § Transport and framing does not allow (not UTF-8, not a JSON
    object, no string ``type``); the client closed the connection because, as the document
    says of the other direction, "the stream can no longer be trusted to be in step"."""


class ATASError(Exception):
    """The server answered with an ``error`` message (§ Errors).

    ``error`` is the whole message; ``code``, ``message``, ``request``, ``field`` and ``rule``
    are its members (``None`` where absent).
    """

    def __init__(self, error: dict):
        self.error = error
        self.code = error.get("code")
        self.message = error.get("message")
        self.request = error.get("request")
        self.field = error.get("field")
        self.rule = error.get("rule")
        detail = ", ".join(f"{k}={error[k]!r}" for k in ("request", "field", "rule") if k in error)
        super().__init__(f"{self.code}: {self.message or ''}" + (f" ({detail})" if detail else ""))


def _parse_constant(name: str):
    raise ValueError(f"{name} is not JSON")


class ATASClient:
    """One connection of an alarm server to the server's ATAS interface.

    § Transport and framing: "The server listens, the alarm server connects: TCP, with TLS by
    default". With ``tls`` (the default) the server's certificate is verified against
    ``ca_file`` (the authority ``callplane tls show --authority`` prints; the system's CAs if
    ``None``) and, unless ``check_hostname=False``, against ``server_name`` (default: ``host``).
    ``tls=False`` is the document's plain ``tcp:HOST:PORT``.

    Everything the server sends is read by a background thread, one JSON object per line, and
    queued; :meth:`receive` and the helpers built on it take what they ask for and keep the
    rest in a backlog for later calls, so nothing is dropped while waiting for something else.
    All methods may be called from several threads.
    """

    def __init__(self, host: str, port: int, *, tls: bool = True, ca_file: str | None = None,
                 server_name: str | None = None, timeout: float = 10.0,
                 check_hostname: bool = True):
        """Connect (TCP, then the TLS handshake when ``tls``) within ``timeout`` seconds and
        start the reader thread. ``timeout`` is also how long a single write may stall."""
        self.host, self.port, self.timeout = host, port, timeout
        raw = socket.create_connection((host, port), timeout=timeout)
        try:
            raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if tls:
                context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # verification on
                context.check_hostname = check_hostname
                if ca_file is not None:
                    context.load_verify_locations(cafile=ca_file)
                else:
                    context.load_default_certs()
                sock: socket.socket = context.wrap_socket(raw, server_hostname=server_name or host)
            else:
                sock = raw
        except BaseException:
            raw.close()
            raise
        # Non-blocking from here on: the reader and the writers share one TLS object, which
        # OpenSSL does not allow two threads to use at once, so every call on it is made under
        # `_io_lock` and waits happen in select(), outside the lock.
        sock.setblocking(False)
        self._sock = sock
        self._io_lock = threading.Lock()     # one call on the socket / TLS object at a time
        self._send_lock = threading.Lock()   # one whole line at a time
        self._queue: queue.Queue = queue.Queue()
        self._cond = threading.Condition()   # guards everything below
        self._backlog: list[dict] = []
        self._pumping = False                # a receiver is taking from the queue
        self._eof = False                    # the sentinel has been taken from the queue
        self._close_reason = "the server closed the connection"
        self._close_exc: type[ConnectionClosed] = ConnectionClosed
        self._cycles_sent = 0
        self._cycle_oks = 0                  # cycle_ok replies taken from the queue so far
        self._closed_event = threading.Event()   # set by the reader at end of stream
        self._closing = False                # close() was called
        self._cycler: threading.Thread | None = None
        self._cycler_stop = threading.Event()
        self._reader = threading.Thread(target=self._read_loop, name=f"atas-reader-{port}",
                                        daemon=True)
        self._reader.start()

    # ---------------------------------------------------------------------------------------
    # Framing (§ Transport and framing)

    def _read_loop(self) -> None:
        """Split the stream into LF-terminated lines (a CR before the LF is dropped), decode
        each as a UTF-8 JSON object with a string ``type`` and queue it; at end of stream
        queue the sentinel. A line that breaks the framing rules closes the connection."""
        buf = bytearray()
        reason = None
        try:
            while True:
                data = self._recv_some()
                if not data:
                    break
                buf += data
                while True:
                    nl = buf.find(b"\n")
                    if nl < 0:
                        if len(buf) > _MAX_INCOMING_LINE:
                            raise ProtocolError(f"server line longer than {_MAX_INCOMING_LINE} octets")
                        break
                    line = bytes(buf[:nl])
                    del buf[:nl + 1]
                    if line.endswith(b"\r"):
                        line = line[:-1]
                    self._queue.put(self._decode(line))
            if buf:
                reason = f"the server closed the connection inside a line: {bytes(buf[:200])!r}"
        except ProtocolError as e:
            reason = f"protocol error: {e}"
            self._close_exc = ProtocolError
        except (OSError, ValueError) as e:
            if not self._closing:
                reason = f"connection broken: {e!r}"
        finally:
            if reason is not None:
                self._close_reason = reason
            elif self._closing:
                self._close_reason = "closed by the client"
            self._shutdown_socket()
            self._closed_event.set()
            self._queue.put(_CLOSED)

    @staticmethod
    def _decode(line: bytes) -> dict:
        try:
            obj = json.loads(line.decode("utf-8"), parse_constant=_parse_constant)
        except (UnicodeDecodeError, ValueError) as e:
            raise ProtocolError(f"server line is not UTF-8 JSON ({e}): {line[:200]!r}") from None
        if not isinstance(obj, dict) or not isinstance(obj.get("type"), str):
            raise ProtocolError(f"server line is not a JSON object with a string type: {line[:200]!r}")
        return obj

    def _recv_some(self) -> bytes:
        """The next chunk of the stream; ``b""`` at end of stream."""
        while True:
            want = "r"
            with self._io_lock:
                if self._closing:
                    return b""
                try:
                    return self._sock.recv(65536)
                except (ssl.SSLWantReadError, BlockingIOError, InterruptedError):
                    want = "r"
                except ssl.SSLWantWriteError:
                    want = "w"
            self._wait_io(want, 0.5)

    def _wait_io(self, want: str, timeout: float) -> bool:
        try:
            fd = self._sock.fileno()
            if fd < 0:
                return False
            r, w, _ = select.select([fd] if want == "r" else [], [fd] if want == "w" else [], [],
                                    timeout)
            return bool(r or w)
        except (OSError, ValueError):
            return False

    def send_raw(self, data: bytes) -> None:
        """Write ``data`` to the connection exactly as given: no encoding, no LF added, no
        checks. For tests of the server's handling of hostile input (§ Transport and framing:
        a line that is not a JSON object, too long, or lacks ``type``)."""
        with self._send_lock:
            self._write(data)

    def _write(self, data: bytes) -> None:
        """Write all of ``data``; the caller holds ``_send_lock``."""
        view = memoryview(data)
        deadline = time.monotonic() + self.timeout
        while view:
            want = None
            with self._io_lock:
                if self._closing or self._closed_event.is_set():
                    raise ConnectionClosed(self._close_reason)
                try:
                    n = self._sock.send(view)
                    view = view[n:]
                except (ssl.SSLWantWriteError, BlockingIOError, InterruptedError):
                    want = "w"
                except ssl.SSLWantReadError:
                    want = "r"
                except OSError as e:
                    raise ConnectionClosed(f"write failed: {e!r}") from e
            if want is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"write stalled for {self.timeout} s")
                self._wait_io(want, min(remaining, 0.5))

    def send(self, obj: dict) -> None:
        """Send one message: ``obj`` as compact UTF-8 JSON on one line ending in LF (§
        Transport and framing), written as a whole so lines from several threads never mix.
        Not checked against the 8,192-octet limit (:data:`MAX_LINE_OCTETS`)."""
        self.send_raw(self._encode(obj))

    @staticmethod
    def _encode(obj: dict) -> bytes:
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"

    # ---------------------------------------------------------------------------------------
    # Receiving

    def _wait_for(self, check, timeout: float | None):
        """Call ``check()`` (under ``_cond``) until it returns something other than ``None``,
        moving messages from the reader's queue to the backlog as needed. One waiting thread
        at a time takes from the queue; the others wait on ``_cond`` and re-check."""
        deadline = None if timeout is None else time.monotonic() + timeout
        timed_out = False
        with self._cond:
            while True:
                found = check()
                if found is not None:
                    return found
                if self._eof:
                    raise self._close_exc(self._close_reason)
                if timed_out:
                    raise TimeoutError(f"nothing matching arrived within {timeout} s")
                # Once the deadline has passed, what already arrived is still looked at
                # (a get with timeout 0 does not block), so timeout=0 is a poll.
                remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
                if self._pumping:
                    if remaining == 0:
                        timed_out = True
                    else:
                        self._cond.wait(remaining)
                    continue
                self._pumping = True
                self._cond.release()
                try:
                    item = self._queue.get(timeout=remaining)
                except queue.Empty:
                    item = None
                    timed_out = True
                finally:
                    self._cond.acquire()
                    self._pumping = False
                if item is _CLOSED:
                    self._eof = True
                elif item is not None:
                    self._backlog.append(item)
                    if item["type"] == "cycle_ok":
                        self._cycle_oks += 1
                        self._trim_cycle_oks()
                self._cond.notify_all()

    def _trim_cycle_oks(self) -> None:
        indexes = [i for i, m in enumerate(self._backlog) if m["type"] == "cycle_ok"]
        for i in reversed(indexes[:-_CYCLE_OK_BACKLOG] if len(indexes) > _CYCLE_OK_BACKLOG else []):
            del self._backlog[i]

    def _take(self, match):
        """A ``check`` for :meth:`_wait_for`: remove and return the oldest backlog message
        for which ``match(msg)`` is true."""
        def check():
            for i, m in enumerate(self._backlog):
                if match(m):
                    return self._backlog.pop(i)
            return None
        return check

    def receive(self, type: str | None = None, timeout: float = 10.0, *, match=None) -> dict:
        """The next message from the server, oldest first: of ``type`` if given, else of any
        type but ``cycle_ok`` (replies to the cycle signal are only returned when asked for by
        name). ``match``, if given, is a further predicate on the message. Messages that do
        not match stay in the backlog for later calls.

        Raises ``TimeoutError`` if nothing matching arrives within ``timeout`` seconds and
        :class:`ConnectionClosed` once the connection has ended and nothing matching is left
        (messages that arrived before the end are still returned first) — the subclass
        :class:`ProtocolError` if the client ended it because the server broke the framing.
        """
        def wanted(m):
            if type is None:
                ok = m["type"] != "cycle_ok"
            else:
                ok = m["type"] == type
            return ok and (match is None or match(m))
        return self._wait_for(self._take(wanted), timeout)

    def backlog(self) -> list[dict]:
        """A copy of the messages received but not yet taken by any call (queued messages the
        reader has not handed over yet are not included)."""
        with self._cond:
            return list(self._backlog)

    # ---------------------------------------------------------------------------------------
    # § Logon, cycle signal, logoff

    def logon(self, account: str, password: str, cycle_seconds: int | None = None,
              resume_after: int | None = None, timeout: float = 10.0) -> dict:
        """Send ``logon`` and return the server's ``logon_ok``.

        ``account``/``password``: a user account whose profile has the ATAS interface right.
        ``cycle_seconds`` (5 to 300, the server's default 30 if ``None``): how often this
        alarm server will send the cycle signal. ``resume_after``: the ``id`` of the last event
        message processed; ``None`` leaves it to the server's record of acknowledgements.
        Members that are ``None`` are not sent.

        Raises :class:`ATASError` when the server answers ``error`` (``logon_refused`` — after
        which the server closes the connection —, ``already_logged_on``, ``invalid_field``).
        """
        msg: dict = {"type": "logon", "account": account, "password": password}
        if cycle_seconds is not None:
            msg["cycleSeconds"] = cycle_seconds
        if resume_after is not None:
            msg["resumeAfter"] = resume_after
        self.send(msg)
        reply = self.receive(timeout=timeout, match=lambda m: m["type"] == "logon_ok" or (
            m["type"] == "error" and "request" not in m))
        if reply["type"] == "error":
            raise ATASError(reply)
        return reply

    def _send_cycle(self) -> int:
        """Send one cycle signal; its sequence number (1 for the first on this connection)."""
        line = self._encode({"type": "cycle"})
        with self._send_lock:  # numbered in the order the cycles go out on the wire
            with self._cond:
                self._cycles_sent += 1
                seq = self._cycles_sent
            self._write(line)
        return seq

    def cycle(self, timeout: float = 10.0) -> dict:
        """Send the cycle signal ``{"type":"cycle"}`` and wait for its ``cycle_ok``.

        The server answers cycles in order (§ Logon, cycle signal, logoff shows one reply per
        cycle), so the n-th ``cycle`` sent on the connection — by this method or the
        background cycler — is answered by the n-th ``cycle_ok``; this method waits for that
        one rather than taking an earlier reply meant for the cycler.
        """
        seq = self._send_cycle()

        def check():
            if self._cycle_oks < seq:
                return None
            for i, m in enumerate(self._backlog):
                if m["type"] == "cycle_ok":
                    return self._backlog.pop(i)
            return {"type": "cycle_ok"}  # its reply was trimmed from the backlog
        return self._wait_for(check, timeout)

    def start_cycling(self, interval: float) -> None:
        """Send the cycle signal from a background thread every ``interval`` seconds (first one
        at once) until :meth:`stop_cycling`, :meth:`logoff`, :meth:`close` or the connection's
        end. The server allows one and a half ``cycleSeconds`` between signals, so an interval
        of at most ``cycleSeconds`` keeps the connection alive. The replies are not awaited:
        they go to the backlog, where :meth:`receive` skips them."""
        self.stop_cycling()
        self._cycler_stop = stop = threading.Event()

        def run():
            while not stop.is_set():
                try:
                    self._send_cycle()
                except (ConnectionClosed, TimeoutError, OSError):
                    return
                stop.wait(interval)
        self._cycler = threading.Thread(target=run, name=f"atas-cycler-{self.port}", daemon=True)
        self._cycler.start()

    def stop_cycling(self) -> None:
        """Stop the background cycle signal (no-op if not running); returns once stopped."""
        self._cycler_stop.set()
        cycler, self._cycler = self._cycler, None
        if cycler is not None and cycler is not threading.current_thread():
            cycler.join(self.timeout)

    def logoff(self, timeout: float = 10.0) -> dict:
        """Stop cycling, send ``logoff``, wait for ``logoff_ok`` and then for the server to
        close the connection (§ Logon, cycle signal, logoff: "then the server closes").
        Returns the ``logoff_ok``. Event messages arriving meanwhile stay in the backlog,
        unacknowledged (the server sends them again after the next logon)."""
        self.stop_cycling()
        self.send({"type": "logoff"})
        reply = self.receive("logoff_ok", timeout)
        if not self.closed(timeout):
            raise TimeoutError(f"the server did not close the connection within {timeout} s "
                               "after logoff_ok")
        return reply

    # ---------------------------------------------------------------------------------------
    # § Event messages: notification and acknowledgement

    def ack(self, id: int) -> None:
        """Acknowledge the event message ``id`` (``{"type":"ack","id":id}``). Only an
        acknowledged message counts as delivered; the server keeps at most 16 unacknowledged
        in flight. An unknown id is answered with an ``error`` (``unknown_id``) that carries
        nothing to match it to this call, so it is left in the backlog (``receive("error")``).
        """
        self.send({"type": "ack", "id": id})

    def event_messages(self, count: int, timeout: float = 10.0, auto_ack: bool = True) -> list[dict]:
        """Collect the next ``count`` ``event_message`` objects, in the order received, within
        ``timeout`` seconds in total; with ``auto_ack`` each is acknowledged as soon as it is
        taken (needed for more than 16 — the server's in-flight limit). Raises
        ``TimeoutError`` or :class:`ConnectionClosed` if fewer arrive; the ones taken by then
        are in the exception's ``messages`` attribute."""
        deadline = time.monotonic() + timeout
        got: list[dict] = []
        try:
            while len(got) < count:
                m = self.receive("event_message", max(0.0, deadline - time.monotonic()))
                got.append(m)
                if auto_ack:
                    self.ack(m["id"])
        except (TimeoutError, ConnectionClosed) as e:
            e.messages = got
            raise
        return got

    # ---------------------------------------------------------------------------------------
    # § Showing a text on phones

    def show_text(self, request: str, text: str, users: list[str] | None = None,
                  message_group: int | None = None, softkeys: list[str] | None = None,
                  timeout: float = SHOW_TEXT_TIMEOUT) -> dict:
        """Ask the server to show ``text`` on the phones of ``users`` (call numbers) or of the
        members of ``message_group`` (1-16), with up to 3 ``softkeys``; return the
        ``show_text_result`` whose ``request`` is ``request`` (its ``results`` hold one
        ``{"user","outcome","terminals"[,"sipStatus"]}`` per recipient). Members that are
        ``None`` are not sent, so rule-breaking combinations can be tested.

        Raises :class:`ATASError` for an ``error`` carrying this ``request`` (e.g.
        ``invalid_field``). The result can take up to 32 s (Timer F), hence the default
        ``timeout``.
        """
        msg: dict = {"type": "show_text", "request": request}
        if users is not None:
            msg["users"] = users
        if message_group is not None:
            msg["messageGroup"] = message_group
        msg["text"] = text
        if softkeys is not None:
            msg["softkeys"] = softkeys
        self.send(msg)
        reply = self.receive(timeout=timeout, match=lambda m: m.get("request") == request and
                             m["type"] in ("show_text_result", "error"))
        if reply["type"] == "error":
            raise ATASError(reply)
        return reply

    # ---------------------------------------------------------------------------------------
    # Connection end

    def closed(self, timeout: float = 0.0) -> bool:
        """True once the connection has ended (the server closed it, it broke, or
        :meth:`close` was called), waiting up to ``timeout`` seconds for that."""
        return self._closed_event.wait(timeout)

    def _shutdown_socket(self) -> None:
        with self._io_lock:
            try:
                self._sock.shutdown(socket.SHUT_RDWR)
            except (OSError, ValueError):
                pass
            try:
                self._sock.close()
            except (OSError, ValueError):
                pass

    def close(self) -> None:
        """Close the connection abruptly, without ``logoff`` (for the server a broken
        connection: § Logon, cycle signal, logoff — "treated as a missing cycle signal"). Safe
        to call more than once and after the server has closed."""
        self._cycler_stop.set()
        self._closing = True
        self._shutdown_socket()
        self._reader.join(self.timeout)
        self.stop_cycling()

    def __enter__(self) -> "ATASClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# -------------------------------------------------------------------------------------------
# Command line: a benchmark receiver


def _emit(obj: dict) -> None:
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    """Log on, send the cycle signal in the background (every half ``cycleSeconds`` as the
    server confirmed it), receive and acknowledge event messages as fast as they come, and
    print one JSON line a second — ``{"received": total, "elapsed": seconds_since_first}`` —
    then, once ``--count`` messages have been received, ``{"done": true, "received": N,
    "first_at": t0, "last_at": t1, "ids_in_order": bool, "duplicates": k}`` (``t0``/``t1``:
    Unix times of the first and last message; ``ids_in_order``: every id not seen before is
    greater than all earlier ids; ``duplicates``: messages whose id was seen before, counted in
    ``received``), log off and exit 0. Without ``--count`` it runs until interrupted.

    Exit status: 0 done, 1 connection ended or timed out, 2 logon refused.
    """
    p = argparse.ArgumentParser(description="Benchmark receiver for Callplane's ATAS interface "
                                "(docs/atas.md).")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--tcp", action="store_true", help="plain TCP instead of TLS")
    p.add_argument("--ca-file", help="CA to trust (callplane tls show --authority)")
    p.add_argument("--server-name", help="name to verify the certificate against (default: host)")
    p.add_argument("--account", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--cycle", type=int, help="cycleSeconds to ask for (5-300; server default 30)")
    p.add_argument("--count", type=int, help="stop after this many event messages")
    p.add_argument("--resume-after", type=int, help="resumeAfter: id of the last message processed")
    p.add_argument("--idle-timeout", type=float, default=120.0,
                   help="give up after this many seconds without a message (default 120)")
    args = p.parse_args(argv)

    try:
        client = ATASClient(args.host, args.port, tls=not args.tcp, ca_file=args.ca_file,
                            server_name=args.server_name)
    except (OSError, ssl.SSLError) as e:
        print(f"atas_client: cannot connect: {e}", file=sys.stderr)
        return 1
    with client:
        try:
            ok = client.logon(args.account, args.password, cycle_seconds=args.cycle,
                              resume_after=args.resume_after)
        except ATASError as e:
            print(f"atas_client: logon refused: {e}", file=sys.stderr)
            return 2
        except (TimeoutError, ConnectionClosed) as e:
            print(f"atas_client: logon failed: {e}", file=sys.stderr)
            return 1
        cycle_seconds = ok.get("cycleSeconds") or args.cycle or 30
        client.start_cycling(cycle_seconds / 2)

        received = duplicates = 0
        seen: set[int] = set()
        highest = None
        in_order = True
        first_at = last_at = None
        first_mono = None
        next_tick = time.monotonic() + 1.0
        last_message_mono = time.monotonic()
        try:
            while args.count is None or received < args.count:
                now = time.monotonic()
                if now >= next_tick:
                    elapsed = 0.0 if first_mono is None else now - first_mono
                    _emit({"received": received, "elapsed": round(elapsed, 3)})
                    next_tick += 1.0
                    if next_tick <= now:
                        next_tick = now + 1.0
                if now - last_message_mono > args.idle_timeout:
                    raise TimeoutError(f"no event message for {args.idle_timeout} s")
                try:
                    m = client.receive("event_message", timeout=max(0.0, next_tick - now))
                except TimeoutError:
                    continue
                last_message_mono = time.monotonic()
                client.ack(m["id"])
                last_at = time.time()
                if first_at is None:
                    first_at, first_mono = last_at, last_message_mono
                received += 1
                mid = m["id"]
                if mid in seen:
                    duplicates += 1
                else:
                    if highest is not None and mid <= highest:
                        in_order = False
                    highest = mid if highest is None else max(highest, mid)
                    seen.add(mid)
        except KeyboardInterrupt:
            pass
        except (TimeoutError, ConnectionClosed) as e:
            print(f"atas_client: {e} after {received} messages", file=sys.stderr)
            return 1
        _emit({"done": True, "received": received, "first_at": first_at, "last_at": last_at,
               "ids_in_order": in_order, "duplicates": duplicates})
        try:
            client.logoff()
        except (TimeoutError, ConnectionClosed) as e:
            print(f"atas_client: logoff: {e}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
