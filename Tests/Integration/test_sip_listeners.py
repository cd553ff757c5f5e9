"""The SIP listeners from the settings (issue 15, point 1): UDP and TCP on the configured
address, a taken port stops the start with the setting named, the cloud gateway's ports are
refused for every configurable service, and a TCP connection frames on Content-Length, answers
keep-alives (RFC 5626) and closes when a message cannot be framed (RFC 3261 §18.3).
"""
from __future__ import annotations

import socket
import time
import subprocess

import pytest

import conftest
from conftest import HOST, free_port


def options(call_id: str, transport: str = "UDP", port: int = 5060) -> bytes:
    return (f"OPTIONS sip:{HOST} SIP/2.0\r\nVia: SIP/2.0/{transport} {HOST}:{port};branch=z9hG4bK{call_id}\r\n"
            f"Max-Forwards: 70\r\nFrom: <sip:probe@{HOST}>;tag=a\r\nTo: <sip:{HOST}>\r\nCall-ID: {call_id}\r\n"
            f"CSeq: 7 OPTIONS\r\nContent-Length: 0\r\n\r\n").encode()


def serve(tmp_path, *args: str) -> subprocess.CompletedProcess:
    """A start that is expected to fail before serving."""
    return subprocess.run(
        [str(conftest.BIN), "serve", "--data-dir", str(tmp_path / "other"), "--http-host", HOST,
         "--snmp-address", "off", *args],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)


def read_message(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        assert chunk, f"connection closed after {data!r}"
        data += chunk
    return data


def test_a_taken_sip_port_stops_the_start_naming_the_setting(server, tmp_path):
    taken = f"udp:{HOST}:{server.sip_port}"
    second = serve(tmp_path, "--http-port", str(free_port()), "--sip-listen", taken)
    said = second.stdout + second.stderr
    assert second.returncode != 0, said
    assert "sip.listen" in said and taken in said and "taken" in said, said
    # The running server is untouched and still answers.
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind((HOST, 0))
        s.settimeout(10)
        s.sendto(options("still-there", port=s.getsockname()[1]), (HOST, server.sip_port))
        assert s.recvfrom(65536)[0].startswith(b"SIP/2.0 200 OK\r\n")


@pytest.mark.parametrize("setting,args", [
    ("http.port", ["--http-port", "5070", "--sip-listen", "off"]),
    ("sip.listen", ["--http-port", "0", "--sip-listen", f"udp:{HOST}:19060"]),
    ("sip.listen", ["--http-port", "0", "--sip-listen", f"tcp:{HOST}:5081"]),
    ("snmp.address", ["--http-port", "0", "--sip-listen", "off", "--snmp-address", f"udp:{HOST}:5080"]),
])
def test_the_cloud_gateway_ports_are_refused_for_every_service(tmp_path, setting, args):
    started = serve(tmp_path, *args)
    said = started.stdout + started.stderr
    assert started.returncode != 0, said
    assert f"setting {setting}" in said and "reserved for the cloud gateway" in said, said
    assert not (tmp_path / "other" / "callplane.sqlite").exists(), "a refused setting must change nothing"


def test_a_malformed_listen_address_names_its_rule(tmp_path):
    started = serve(tmp_path, "--http-port", "0", "--sip-listen", "sctp:127.0.0.1:5060")
    said = started.stdout + started.stderr
    assert started.returncode != 0 and "setting sip.listen" in said and "udp, tcp or tls" in said, said


def test_tcp_frames_messages_answers_keepalives_and_closes_on_a_framing_error(server):
    with socket.create_connection((HOST, server.sip_port), timeout=10) as conn:
        # Two requests in one segment, the second split from its end: framing by Content-Length.
        first, second = options("tcp-1", "TCP"), options("tcp-2", "TCP")
        conn.sendall(first + second[:40])
        answer = read_message(conn)
        assert answer.startswith(b"SIP/2.0 200 OK\r\n") and b"Call-ID: tcp-1\r\n" in answer, answer
        conn.sendall(second[40:])
        answer = read_message(conn)
        assert b"Call-ID: tcp-2\r\n" in answer, answer
        # RFC 5626 §4.4.1: a CRLF CRLF ping gets a single CRLF pong.
        conn.sendall(b"\r\n\r\n")
        assert conn.recv(16) == b"\r\n"
        # No Content-Length on a stream: the message cannot be framed (§18.3): 400, then close.
        conn.sendall(options("tcp-3", "TCP").replace(b"Content-Length: 0\r\n", b""))
        answer = read_message(conn)
        assert answer.startswith(b"SIP/2.0 400 Bad Request (") and b"Content-Length" in answer.split(b"\r\n")[0], answer
        conn.settimeout(10)
        rest = b""
        while True:
            chunk = conn.recv(65536)
            if not chunk:
                break
            rest += chunk
        assert rest == b"", f"nothing may follow the 400 before the close: {rest!r}"


def invite(call_id: str, port: int, branch: str) -> bytes:
    return (f"INVITE sip:999@{HOST} SIP/2.0\r\nVia: SIP/2.0/UDP {HOST}:{port};branch={branch};rport\r\n"
            f"Max-Forwards: 70\r\nFrom: <sip:caller@{HOST}>;tag=c1\r\nTo: <sip:999@{HOST}>\r\nCall-ID: {call_id}\r\n"
            f"CSeq: 1 INVITE\r\nContact: <sip:caller@{HOST}:{port}>\r\nContent-Length: 0\r\n\r\n").encode()


def test_an_invite_transaction_absorbs_retransmissions_and_resends_its_answer_until_acked(server):
    """RFC 3261 §17.2.1 over UDP: a retransmitted INVITE gets the same final answer, not a second
    one from the TU (the To tag is the same); the non-2xx answer is resent (Timer G, from T1 =
    500 ms) until the ACK comes, and then no more."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind((HOST, 0))
        s.settimeout(5)
        port = s.getsockname()[1]
        s.sendto(invite("tx-1", port, "z9hG4bKtx1"), (HOST, server.sip_port))
        first = s.recvfrom(65536)[0]
        assert first.startswith(b"SIP/2.0 407 "), first  # the caller proves no terminal
        s.sendto(invite("tx-1", port, "z9hG4bKtx1"), (HOST, server.sip_port))
        again = s.recvfrom(65536)[0]
        assert again == first, (again, first)
        # No ACK yet: Timer G resends the 407 by itself.
        resent = s.recvfrom(65536)[0]
        assert resent == first
        to = next(line for line in first.decode().split("\r\n") if line.startswith("To:"))
        ack = (f"ACK sip:999@{HOST} SIP/2.0\r\nVia: SIP/2.0/UDP {HOST}:{port};branch=z9hG4bKtx1;rport\r\nMax-Forwards: 70\r\n"
               f"From: <sip:caller@{HOST}>;tag=c1\r\n{to}\r\nCall-ID: tx-1\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n").encode()
        s.sendto(ack, (HOST, server.sip_port))
        # Anything resent before the ACK arrived may still be in flight; after 2·T2 nothing more.
        s.settimeout(0.2)
        deadline = time.monotonic() + 9
        last = None
        while time.monotonic() < deadline:
            try:
                s.recvfrom(65536)
                last = time.monotonic()
            except socket.timeout:
                pass
        assert last is None or deadline - last > 8, "the 407 was still resent seconds after the ACK"


def test_sip_over_tls_presents_the_systems_own_certificate(server, tmp_path):
    """Issue 15, point 1: the TLS listener speaks with the certificate the first start made; a
    client that trusts only the system's CA (GET /api/v1/tls/certificate) connects for
    127.0.0.1 and gets an answer, and one that trusts nothing is refused."""
    import ssl

    r = server.get("/api/v1/tls/certificate")
    assert r.status == 200, r.describe()
    ca = tmp_path / "ca.pem"
    ca.write_text(r.body["authorityCertificate"])
    context = ssl.create_default_context(cafile=str(ca))
    with socket.create_connection((HOST, server.sip_tls_port), timeout=10) as raw:
        with context.wrap_socket(raw, server_hostname=HOST) as conn:
            presented = conn.getpeercert()
            assert ("IP Address", HOST) in presented["subjectAltName"], presented
            conn.sendall(options("tls-1", "TLS"))
            answer = read_message(conn)
            assert answer.startswith(b"SIP/2.0 200 OK\r\n") and b"Call-ID: tls-1\r\n" in answer, answer
    with socket.create_connection((HOST, server.sip_tls_port), timeout=10) as raw:
        with pytest.raises(ssl.SSLCertVerificationError):
            ssl.create_default_context().wrap_socket(raw, server_hostname=HOST)
