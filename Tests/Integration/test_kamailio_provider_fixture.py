"""The Kamailio provider fixture (kamailio_provider.py) on its own, without Callplane: Python's
`ssl` module is the customer's TLS SIP client and sipp the public network (UDP) and the callee.

What the Callplane tests will rely on, each shown here: a REGISTER over TLS is challenged (MD5,
qop=auth), refused with a wrong password and saved with the right one; a call from the network
to a DDI arrives over the very connection the client registered on (and its ACK and BYE too,
even when the client's dialog Contact names another port); the provider never dials a
customer; a call from the client is challenged with 407 and reaches the sipp UAS; a certificate
for another name fails hostname verification.
"""
from __future__ import annotations

import hashlib
import re
import secrets
import shutil
import socket
import ssl
import subprocess
from pathlib import Path

import pytest

from conftest import HOST, eventually, free_port, free_udp_tcp_port
from kamailio_provider import KamailioProvider

USER = "0441234500"
PASSWORD = "pr0vider-pass"
REALM = "carrier.example"
DDI = "4930555123"
SIP_TIMEOUT = 10.0


# --------------------------------------------------------------------------------------------
# A minimal SIP client over TLS


class SipMessage:
    """One SIP message as received: start line, headers in order (names as sent), body."""

    def __init__(self, raw: bytes):
        head, _, self.body = raw.partition(b"\r\n\r\n")
        lines = head.decode("utf-8", "replace").split("\r\n")
        self.raw = raw
        self.start = lines[0]
        self.headers: list[tuple[str, str]] = []
        for line in lines[1:]:
            if line[:1] in (" ", "\t") and self.headers:  # a folded header line
                name, value = self.headers[-1]
                self.headers[-1] = (name, f"{value} {line.strip()}")
            else:
                name, _, value = line.partition(":")
                self.headers.append((name.strip(), value.strip()))

    @property
    def is_request(self) -> bool:
        return not self.start.startswith("SIP/2.0 ")

    @property
    def method(self) -> str:
        return self.start.split(" ", 1)[0] if self.is_request else ""

    @property
    def request_uri(self) -> str:
        return self.start.split(" ")[1]

    @property
    def status(self) -> int:
        return int(self.start.split(" ")[1]) if not self.is_request else 0

    def all(self, name: str) -> list[str]:
        return [value for key, value in self.headers if key.lower() == name.lower()]

    def header(self, name: str) -> str:
        values = self.all(name)
        assert values, f"no {name} header in\n{self}"
        return values[0]

    def __str__(self) -> str:
        return self.raw.decode("utf-8", "replace")

    __repr__ = __str__  # what an assertion shows


class TlsSipClient:
    """One TLS connection to the provider, verified against the fixture's CA, carrying SIP in
    both directions. It listens nowhere else: whatever it receives came over this connection."""

    def __init__(self, provider: KamailioProvider, server_hostname: str = "localhost"):
        context = ssl.create_default_context(cafile=str(provider.ca_file))
        raw = socket.create_connection((HOST, provider.tls_port), timeout=SIP_TIMEOUT)
        try:
            self.sock = context.wrap_socket(raw, server_hostname=server_hostname)
        except BaseException:
            raw.close()
            raise
        self.provider = provider
        self.local_port = self.sock.getsockname()[1]
        self.contact = f"sip:{USER}@{HOST}:{self.local_port};transport=tls"
        self.call_id = secrets.token_hex(8)
        self.tag = secrets.token_hex(4)
        self._buffer = bytearray()

    def close(self) -> None:
        self.sock.close()

    def send(self, lines: list[str], body: bytes = b"") -> None:
        head = "\r\n".join([*lines, f"Content-Length: {len(body)}", "", ""])
        self.sock.sendall(head.encode() + body)

    def receive(self, timeout: float = SIP_TIMEOUT) -> SipMessage:
        """The next message on the connection (keep-alive CRLFs skipped)."""
        self.sock.settimeout(timeout)
        while True:
            while self._buffer[:2] == b"\r\n":
                del self._buffer[:2]
            end = self._buffer.find(b"\r\n\r\n")
            if end >= 0:
                length = re.search(rb"(?im)^(?:content-length|l)\s*:\s*(\d+)", bytes(self._buffer[:end]))
                total = end + 4 + (int(length.group(1)) if length else 0)
                if len(self._buffer) >= total:
                    raw = bytes(self._buffer[:total])
                    del self._buffer[:total]
                    return SipMessage(raw)
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError(f"the provider closed the connection; unread: {bytes(self._buffer)!r}")
            self._buffer += chunk

    def response(self, method: str, timeout: float = SIP_TIMEOUT) -> SipMessage:
        """The next final response to ``method`` (provisional ones are skipped)."""
        while True:
            message = self.receive(timeout)
            assert not message.is_request, f"a request where a response to {method} was due:\n{message}"
            if message.status >= 200 and message.header("CSeq").endswith(method):
                return message

    def via(self) -> str:
        return f"Via: SIP/2.0/TLS {HOST}:{self.local_port};branch=z9hG4bK{secrets.token_hex(8)};rport"

    def answer(self, request: SipMessage, code: int, reason: str, contact: str | None = None) -> None:
        """A response to ``request``: its Vias, From, To (with our tag), Call-ID and CSeq; for a
        2xx to INVITE also its Record-Route and a Contact."""
        to = request.header("To")
        lines = [f"SIP/2.0 {code} {reason}"]
        lines += [f"Via: {via}" for via in request.all("Via")]
        lines += [f"From: {request.header('From')}", f"To: {to if ';tag=' in to else f'{to};tag={self.tag}'}",
                  f"Call-ID: {request.header('Call-ID')}", f"CSeq: {request.header('CSeq')}"]
        if 200 <= code < 300 and request.method == "INVITE":
            lines += [f"Record-Route: {route}" for route in request.all("Record-Route")]
            lines.append(f"Contact: <{contact or self.contact}>")
        self.send(lines)


def digest_parameters(challenge: str) -> dict[str, str]:
    assert challenge.startswith("Digest "), challenge
    return {key: quoted if quoted else plain
            for key, quoted, plain in re.findall(r'(\w+)=(?:"([^"]*)"|([^,\s]+))', challenge)}


def digest_answer(challenge: str, method: str, uri: str, password: str = PASSWORD) -> str:
    """The Authorization value for an RFC 2617 MD5 challenge with qop=auth."""
    params = digest_parameters(challenge)
    assert params.get("algorithm", "MD5").upper() == "MD5" and params.get("qop") == "auth", params
    cnonce, nc = secrets.token_hex(8), "00000001"
    ha1 = hashlib.md5(f"{USER}:{params['realm']}:{password}".encode()).hexdigest()
    ha2 = hashlib.md5(f"{method}:{uri}".encode()).hexdigest()
    response = hashlib.md5(f"{ha1}:{params['nonce']}:{nc}:{cnonce}:auth:{ha2}".encode()).hexdigest()
    return (f'Digest username="{USER}", realm="{params["realm"]}", nonce="{params["nonce"]}", uri="{uri}", '
            f'response="{response}", algorithm=MD5, cnonce="{cnonce}", qop=auth, nc={nc}')


def register(client: TlsSipClient, cseq: int, authorization: str | None = None, contact: str | None = None) -> SipMessage:
    """One REGISTER of the account (Contact: the connection's own address unless ``contact``);
    its final response."""
    uri = f"sip:{HOST}:{client.provider.tls_port};transport=tls"
    lines = [f"REGISTER {uri} SIP/2.0", client.via(), "Max-Forwards: 70",
             f"From: <sip:{USER}@{REALM}>;tag={client.tag}", f"To: <sip:{USER}@{REALM}>",
             f"Call-ID: {client.call_id}", f"CSeq: {cseq} REGISTER", f"Contact: <{contact or client.contact}>",
             "Expires: 600"]
    if authorization:
        lines.append(f"Authorization: {authorization}")
    client.send(lines)
    return client.response("REGISTER")


def registered(client: TlsSipClient, contact: str | None = None) -> None:
    """REGISTER, 401, REGISTER with the digest answer, 200."""
    challenge = register(client, 1, contact=contact)
    assert challenge.status == 401, challenge
    uri = f"sip:{HOST}:{client.provider.tls_port};transport=tls"
    ok = register(client, 2, digest_answer(challenge.header("WWW-Authenticate"), "REGISTER", uri), contact=contact)
    assert ok.status == 200, ok


# --------------------------------------------------------------------------------------------
# sipp


def require_sipp() -> None:
    if shutil.which("sipp") is None:
        pytest.fail("sipp is missing: ops/install-deps installs Debian's sip-tester")


_NETWORK_INVITE = """
  <send retrans="500">
    <![CDATA[
      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: "Network Caller" <sip:4930999888@public.example>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 INVITE
      Contact: <sip:4930999888@[local_ip]:[local_port]>
      Max-Forwards: 70
      Content-Type: application/sdp
      Content-Length: [len]

      v=0
      o=caller 53655765 2353687637 IN IP[local_ip_type] [local_ip]
      s=-
      c=IN IP[media_ip_type] [media_ip]
      t=0 0
      m=audio [media_port] RTP/AVP 8
      a=rtpmap:8 PCMA/8000

    ]]>
  </send>
  <recv response="100" optional="true" />
  <recv response="180" optional="true" />
"""

REFUSED_CALL = """<?xml version="1.0" encoding="UTF-8" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="network caller refused with CODE">
""" + _NETWORK_INVITE + """
  <recv response="CODE" />
  <send>
    <![CDATA[
      ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      [last_Via:]
      From: "Network Caller" <sip:4930999888@public.example>;tag=[pid]SIPpTag00[call_number]
      [last_To:]
      Call-ID: [call_id]
      CSeq: 1 ACK
      Max-Forwards: 70
      Content-Length: 0

    ]]>
  </send>
</scenario>
"""

ANSWERED_CALL = """<?xml version="1.0" encoding="UTF-8" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="network caller answered">
""" + _NETWORK_INVITE + """
  <recv response="200" rrs="true" />
  <send>
    <![CDATA[
      ACK [next_url] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: "Network Caller" <sip:4930999888@public.example>;tag=[pid]SIPpTag00[call_number]
      [last_To:]
      Call-ID: [call_id]
      [routes]
      CSeq: 1 ACK
      Max-Forwards: 70
      Content-Length: 0

    ]]>
  </send>
  <pause milliseconds="100" />
  <send retrans="500">
    <![CDATA[
      BYE [next_url] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: "Network Caller" <sip:4930999888@public.example>;tag=[pid]SIPpTag00[call_number]
      [last_To:]
      Call-ID: [call_id]
      [routes]
      CSeq: 2 BYE
      Max-Forwards: 70
      Content-Length: 0

    ]]>
  </send>
  <recv response="200" />
</scenario>
"""


@pytest.fixture
def processes():
    """The sipp processes a test starts; any still running when it ends (a failed test) is
    killed, so none outlives it."""
    started: list[subprocess.Popen[str]] = []
    yield started
    for proc in started:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)


class NetworkCall:
    """sipp as the public network: one call over UDP to ``sip:<DDI>@127.0.0.1:<udp_port>``."""

    def __init__(self, provider: KamailioProvider, tmp_path: Path, scenario: str, name: str,
                 processes: list[subprocess.Popen[str]]):
        require_sipp()
        self.dir = tmp_path / name
        self.dir.mkdir()
        path = self.dir / "scenario.xml"
        path.write_text(scenario)
        self.proc = subprocess.Popen(
            ["sipp", f"{HOST}:{provider.udp_port}", "-sf", str(path), "-s", DDI, "-m", "1", "-i", HOST,
             "-p", str(free_udp_tcp_port([provider.udp_port, provider.tls_port])), "-t", "u1",
             "-timeout", "20s", "-timeout_error", "-nostdin", "-trace_err", "-trace_msg"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=self.dir, stdin=subprocess.DEVNULL)
        processes.append(self.proc)

    def finish(self, provider: KamailioProvider) -> None:
        out, err = self.proc.communicate(timeout=30)
        traces = "".join(p.read_text(errors="replace") for p in sorted(self.dir.glob("*.log")))
        assert self.proc.returncode == 0, (f"sipp exit {self.proc.returncode}\n{out[-1500:]}\n{err[-1500:]}\n"
                                           f"{traces[-4000:]}\n--- kamailio\n{provider.log_tail()}")


# --------------------------------------------------------------------------------------------
# Tests


def test_a_register_over_tls_is_challenged_and_saved(tmp_path):
    with KamailioProvider(tmp_path, USER, PASSWORD) as provider:
        client = TlsSipClient(provider, server_hostname="localhost")
        try:
            # A keep-alive OPTIONS is answered without a challenge.
            client.send([f"OPTIONS sip:{HOST}:{provider.tls_port};transport=tls SIP/2.0", client.via(), "Max-Forwards: 70",
                         f"From: <sip:{USER}@{REALM}>;tag={client.tag}", f"To: <sip:{HOST}:{provider.tls_port}>",
                         f"Call-ID: options-{client.call_id}", "CSeq: 1 OPTIONS"])
            assert client.response("OPTIONS").status == 200
            challenge = register(client, 1)
            assert challenge.status == 401, challenge
            params = digest_parameters(challenge.header("WWW-Authenticate"))
            assert params["realm"] == REALM and params["qop"] == "auth", params
            uri = f"sip:{HOST}:{provider.tls_port};transport=tls"
            refused = register(client, 2, digest_answer(challenge.header("WWW-Authenticate"), "REGISTER", uri, "wrong"))
            assert refused.status == 403, refused
            assert provider.registered_contacts() == []
            ok = register(client, 3, digest_answer(challenge.header("WWW-Authenticate"), "REGISTER", uri))
            assert ok.status == 200, ok
            assert client.contact in ok.header("Contact"), ok
            assert provider.registered_contacts() == [client.contact]
            assert f"REGISTER saved for {USER}: Contact <{client.contact}>" in provider.log_text()
        finally:
            client.close()
        # The binding goes with its connection (usrloc's handle_lost_tcp).
        eventually("the binding is gone with its connection", lambda: provider.registered_contacts() == [])


def test_a_call_to_a_ddi_arrives_over_the_registered_connection(tmp_path, processes):
    with KamailioProvider(tmp_path, USER, PASSWORD) as provider:
        client = TlsSipClient(provider)
        try:
            registered(client)
            # Busy: the provider's ACK to the 486 comes over the connection, the caller sees 486.
            call = NetworkCall(provider, tmp_path, REFUSED_CALL.replace("CODE", "486"), "busy", processes)
            invite = client.receive()
            assert invite.method == "INVITE", invite
            # The R-URI is the registered Contact; the DDI called is in the To header only.
            assert invite.request_uri == client.contact, invite
            assert invite.header("To") == f"<sip:{DDI}@{HOST}:{provider.udp_port}>", invite
            assert len(invite.all("Record-Route")) == 2, invite
            client.answer(invite, 486, "Busy Here")
            ack = client.receive()
            assert ack.method == "ACK" and ack.header("Call-ID") == invite.header("Call-ID"), ack
            call.finish(provider)

            # Answered, with a dialog Contact that names a port other than the connection's: the
            # caller's ACK and BYE still come over the connection (;alias), addressed to it.
            elsewhere = f"sip:{USER}@{HOST}:{free_port([client.local_port])};transport=tls"
            call = NetworkCall(provider, tmp_path, ANSWERED_CALL, "answered", processes)
            invite = client.receive()
            assert invite.method == "INVITE" and invite.request_uri == client.contact, invite
            client.answer(invite, 200, "OK", contact=elsewhere)
            ack = client.receive()
            assert (ack.method, ack.request_uri) == ("ACK", elsewhere), ack
            bye = client.receive()
            assert (bye.method, bye.request_uri) == ("BYE", elsewhere), bye
            client.answer(bye, 200, "OK")
            call.finish(provider)
            connections = provider.rpc("core.tcp_list")
            assert connections.count("dst_port") == 1 and str(client.local_port) in connections, connections
        finally:
            client.close()


def test_the_provider_never_dials_a_customer(tmp_path, processes):
    """A binding whose Contact names a listening port other than the connection's is not
    called there: the provider opens no connection, the call fails."""
    with KamailioProvider(tmp_path, USER, PASSWORD) as provider, socket.create_server((HOST, 0)) as listener:
        listener.settimeout(0.5)
        contact = f"sip:{USER}@{HOST}:{listener.getsockname()[1]};transport=tls"
        client = TlsSipClient(provider)
        try:
            registered(client, contact=contact)
            assert provider.registered_contacts() == [contact]
            call = NetworkCall(provider, tmp_path, REFUSED_CALL.replace("CODE", "480"), "undialled", processes)
            call.finish(provider)
            with pytest.raises(socket.timeout):
                listener.accept()
        finally:
            client.close()


CALLEE = """<?xml version="1.0" encoding="UTF-8" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="callee copying Record-Route">
  <recv request="INVITE" />
  <send>
    <![CDATA[
      SIP/2.0 180 Ringing
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag01[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      [last_Record-Route:]
      Contact: <sip:[local_ip]:[local_port];transport=[transport]>
      Content-Length: 0

    ]]>
  </send>
  <send retrans="500">
    <![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag01[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      [last_Record-Route:]
      Contact: <sip:[local_ip]:[local_port];transport=[transport]>
      Content-Type: application/sdp
      Content-Length: [len]

      v=0
      o=callee 53655765 2353687637 IN IP[local_ip_type] [local_ip]
      s=-
      c=IN IP[media_ip_type] [media_ip]
      t=0 0
      m=audio [media_port] RTP/AVP 8
      a=rtpmap:8 PCMA/8000

    ]]>
  </send>
  <recv request="ACK" />
  <recv request="BYE" />
  <send>
    <![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Content-Length: 0

    ]]>
  </send>
</scenario>
"""


@pytest.mark.parametrize("callee", ["copies Record-Route", "sipp -sn uas"])
def test_a_call_from_the_customer_is_challenged_and_reaches_the_uas(tmp_path, processes, callee):
    """A callee that copies Record-Route gets the customer's ACK and BYE routed through the
    provider by their Route headers; sipp's built-in uas copies none, and they go by R-URI."""
    require_sipp()
    uas_port = free_udp_tcp_port()
    with KamailioProvider(tmp_path, USER, PASSWORD, uas_port=uas_port) as provider:
        if callee == "sipp -sn uas":
            scenario = ["-sn", "uas"]
        else:
            (tmp_path / "callee.xml").write_text(CALLEE)
            scenario = ["-sf", str(tmp_path / "callee.xml")]
        uas = subprocess.Popen(
            ["sipp", *scenario, "-i", HOST, "-p", str(uas_port), "-m", "1", "-timeout", "20s", "-timeout_error",
             "-nostdin", "-trace_msg", "-message_file", str(tmp_path / "uas.msg")],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path, stdin=subprocess.DEVNULL)
        processes.append(uas)
        client = TlsSipClient(provider, server_hostname=HOST)
        try:
            uri = f"sip:4930777666@{REALM}"

            def invite(cseq: int, via: str, authorization: str | None = None) -> None:
                lines = [f"INVITE {uri} SIP/2.0", via, "Max-Forwards: 70",
                         f"From: <sip:{USER}@{REALM}>;tag={client.tag}", f"To: <{uri}>",
                         f"Call-ID: {client.call_id}", f"CSeq: {cseq} INVITE", f"Contact: <{client.contact}>"]
                if authorization:
                    lines.append(f"Proxy-Authorization: {authorization}")
                client.send(lines)

            first_via = client.via()
            invite(1, first_via)
            challenge = client.response("INVITE")
            assert challenge.status == 407, challenge
            # The ACK of a non-2xx has the INVITE's branch and the 407's To tag.
            client.send([f"ACK {uri} SIP/2.0", first_via, "Max-Forwards: 70", f"From: <sip:{USER}@{REALM}>;tag={client.tag}",
                         f"To: {challenge.header('To')}", f"Call-ID: {client.call_id}", "CSeq: 1 ACK"])
            invite(2, client.via(), digest_answer(challenge.header("Proxy-Authenticate"), "INVITE", uri))
            ok = client.response("INVITE")
            assert ok.status == 200, ok
            # The route set is the Record-Route of the 2xx, reversed (RFC 3261 §12.1.2).
            routes = [r.strip() for value in reversed(ok.all("Record-Route")) for r in reversed(value.split(","))]
            assert len(routes) == (2 if callee == "copies Record-Route" else 0), ok
            target = re.search(r"<([^>]+)>", ok.header("Contact")).group(1)
            dialog = [f"From: <sip:{USER}@{REALM}>;tag={client.tag}", f"To: {ok.header('To')}", f"Call-ID: {client.call_id}",
                      *[f"Route: {route}" for route in routes], "Max-Forwards: 70"]
            client.send([f"ACK {target} SIP/2.0", client.via(), *dialog, "CSeq: 2 ACK"])
            client.send([f"BYE {target} SIP/2.0", client.via(), *dialog, "CSeq: 3 BYE"])
            bye_ok = client.response("BYE")
            assert bye_ok.status == 200, bye_ok
        finally:
            client.close()
        out, err = uas.communicate(timeout=30)
        messages = (tmp_path / "uas.msg").read_text(errors="replace") if (tmp_path / "uas.msg").exists() else ""
        assert uas.returncode == 0, f"sipp uas exit {uas.returncode}\n{out[-1500:]}\n{err[-1500:]}\n{messages[-3000:]}"
        # The callee gets the number dialled at its own address, without the credentials.
        assert f"INVITE sip:4930777666@{HOST}:{uas_port} SIP/2.0" in messages, messages[-3000:]
        assert "Proxy-Authorization" not in messages, messages[-3000:]


def test_a_certificate_for_another_name_fails_hostname_verification(tmp_path):
    with KamailioProvider(tmp_path, USER, PASSWORD, mismatched_name=True) as provider:
        for name in ("localhost", HOST):
            with pytest.raises(ssl.SSLCertVerificationError, match="mismatch"):
                TlsSipClient(provider, server_hostname=name)
        # Only the name is wrong: the chain to the fixture's CA holds.
        context = ssl.create_default_context(cafile=str(provider.ca_file))
        context.check_hostname = False
        with socket.create_connection((HOST, provider.tls_port), timeout=SIP_TIMEOUT) as raw:
            with context.wrap_socket(raw) as tls:
                assert tls.getpeercert()["subjectAltName"] == (("DNS", "wrong.example"),)
