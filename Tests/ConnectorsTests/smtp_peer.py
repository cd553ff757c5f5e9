"""A real SMTP server (aiosmtpd) on 127.0.0.1 for the SMTP client's tests.

Run with Debian's interpreter, where ``python3-aiosmtpd`` lives::

    /usr/bin/python3 smtp_peer.py --port 0 [--security none|starttls|tls] [--cert C --key K]
        [--user U --password P] [--exclude-auth M ...] [--reply STEP=TEXT ...] [--silent]

``--security starttls`` offers STARTTLS and requires it before MAIL (and AUTH); ``tls`` wraps
the listening socket in TLS from the first byte (implicit TLS, RFC 8314). ``--user`` and
``--password`` enable AUTH (PLAIN, LOGIN and CRAM-MD5) for that one account and require it;
``--exclude-auth M`` leaves mechanism M out of the offer. ``--reply mail=TEXT``, ``rcpt=TEXT``
or ``data=TEXT`` answers that step with TEXT (e.g. ``"550 5.1.1 No such user"``) instead of
accepting it. ``--silent`` accepts connections and never says a word (a server that hangs
before its greeting).

The first line on stdout is ``{"ready": true, "port": P}`` once the socket listens, then one
JSON line per accepted message: ``mail_from``, ``rcpt_tos``, ``data`` (the message as received,
after the server removed the dot-stuffing), ``login`` (the authenticated user or null), ``tls``
(whether the session was encrypted), and the message as Python's e-mail parser reads it:
``headers`` (lower-case names, decoded values), ``body`` (decoded text; a multipart's
``text/plain`` part), ``defects`` (of every part) and ``attachments`` (``filename``,
``content_type``, ``disposition``, ``transfer_encoding``, ``content`` as base64 of the decoded
bytes).
SIGTERM or SIGINT stops the peer.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import email
import email.policy
import hashlib
import hmac
import json
import os
import signal
import socket
import ssl
import sys
from base64 import b64decode

try:
    from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword
except ImportError:  # say why at once instead of leaving the test waiting for the ready line
    print(json.dumps({"ready": False, "error": f"no aiosmtpd for {sys.executable}: install python3-aiosmtpd (ops/install-deps)"}), flush=True)
    sys.exit(1)

HOST = "127.0.0.1"


def emit(record: dict) -> None:
    sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()


class Handler:
    def __init__(self, replies: dict[str, str], user: str | None, password: str | None):
        self.replies = replies
        self.user = user
        self.password = password

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if "mail" in self.replies:
            return self.replies["mail"]
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if "rcpt" in self.replies:
            return self.replies["rcpt"]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if "data" in self.replies:
            return self.replies["data"]
        # Python's own MIME parser decodes what the client encoded (RFC 2047 words, quoted-printable).
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        if message.is_multipart():
            text = message.get_body(preferencelist=("plain",))
            body = text.get_content() if text is not None else None
        else:
            body = message.get_content()
        emit({
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "data": envelope.original_content.decode("utf-8", "replace"),
            "headers": {name.lower(): str(value) for name, value in message.items()},
            "body": body,
            # Every part's, so a malformed attachment (bad base64, a broken boundary) shows too.
            "defects": [type(defect).__name__ for part in message.walk() for defect in part.defects],
            "attachments": [{
                "filename": part.get_filename(),
                "content_type": part.get_content_type(),
                "disposition": part.get_content_disposition(),
                "transfer_encoding": part.get("Content-Transfer-Encoding"),
                "content": base64.b64encode(part.get_payload(decode=True)).decode(),
            } for part in message.iter_attachments()] if message.is_multipart() else [],
            "login": session.login_data.decode() if isinstance(session.login_data, bytes) else None,
            # aiosmtpd sets session.ssl only for STARTTLS; implicit TLS shows on the transport.
            "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None,
        })
        return "250 Message accepted for delivery"

    # RFC 2195: the server sends a challenge, the client answers "user hex(HMAC-MD5(password, challenge))".
    async def auth_CRAM__MD5(self, server, args):
        challenge = f"<{os.getpid()}.{os.urandom(4).hex()}@{HOST}>".encode()
        answer = await server.challenge_auth(challenge)
        if not isinstance(answer, bytes):
            return AuthResult(success=False, handled=True)
        login, _, digest = answer.partition(b" ")
        expected = hmac.new((self.password or "").encode(), challenge, hashlib.md5).hexdigest().encode()
        ok = self.user is not None and login == self.user.encode() and hmac.compare_digest(digest, expected)
        return AuthResult(success=ok, handled=False, auth_data=LoginPassword(login, b""))


def authenticator(user: str, password: str):
    def check(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login == user.encode()
              and auth_data.password == password.encode())
        # handled=False: aiosmtpd then answers a failure with its own "535 5.7.8 …".
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)
    return check


def server_context(cert: str, key: str) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await reader.read()  # until the client gives up
    writer.close()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--security", choices=["none", "starttls", "tls"], default="none")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--reply", action="append", default=[], metavar="STEP=TEXT")
    parser.add_argument("--exclude-auth", action="append", default=[], metavar="MECHANISM")
    parser.add_argument("--silent", action="store_true")
    arguments = parser.parse_args()
    replies = dict(item.split("=", 1) for item in arguments.reply)

    # IPPROTO_TCP, not 0: asyncio turns Nagle's algorithm off only on sockets made with TCP's
    # protocol number, and aiosmtpd writes each line of its EHLO answer on its own — with Nagle
    # the second line waited 40 ms for the client's delayed ACK, twice a session.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((HOST, arguments.port))
    loop = asyncio.get_running_loop()

    if arguments.silent:
        server = await asyncio.start_server(silent, sock=sock)
    else:
        context = server_context(arguments.cert, arguments.key) if arguments.cert else None
        handler = Handler(replies, arguments.user, arguments.password)
        auth = arguments.user is not None

        def factory() -> SMTP:
            return SMTP(
                handler,
                hostname="peer.test",
                tls_context=context if arguments.security == "starttls" else None,
                require_starttls=arguments.security == "starttls",
                authenticator=authenticator(arguments.user, arguments.password) if auth else None,
                auth_required=auth,
                # With implicit TLS the whole session is encrypted; aiosmtpd only knows about STARTTLS.
                auth_require_tls=arguments.security == "starttls",
                auth_exclude_mechanism=arguments.exclude_auth,
                loop=loop,
            )

        server = await loop.create_server(
            factory, sock=sock, ssl=context if arguments.security == "tls" else None)

    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    # Swift's Foundation.Process passes on the signal mask of the thread that spawns us, and
    # Dispatch threads block these: unblock them, or SIGTERM never arrives (as in peers.py).
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    emit({"ready": True, "port": sock.getsockname()[1]})
    async with server:
        await stop.wait()


if __name__ == "__main__":
    asyncio.run(main())
