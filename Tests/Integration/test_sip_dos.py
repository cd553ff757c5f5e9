"""The DoS black list (issue 15, point 3; manual Tab. 24): failed registrations from one address
block it — it then gets nothing at all, not even the answer to a valid request — "IP address
added to the DoS black list" is raised with cause 0 (registration), and when the period ends on
the server's clock the block is lifted with "IP address removed from the DoS black list".

The attacker sends from 127.0.0.2 (Linux routes all of 127/8 to loopback), so the rest of the
test keeps talking from 127.0.0.1.
"""
from __future__ import annotations

import socket

from conftest import HOST, eventually
from test_sip_registrar import PASSWORD, DigestPhone

ATTACKER = "127.0.0.2"
FAILED_REGISTRATIONS_LIMIT = 20  # DoSProtectionSettings' default
BLOCK_SECONDS = 600


def options(call_id: str, port: int) -> bytes:
    return (f"OPTIONS sip:{HOST} SIP/2.0\r\nVia: SIP/2.0/UDP {HOST}:{port};branch=z9hG4bK{call_id};rport\r\n"
            f"Max-Forwards: 70\r\nFrom: <sip:probe@{HOST}>;tag=a\r\nTo: <sip:{HOST}>\r\nCall-ID: {call_id}\r\n"
            f"CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n").encode()


def drain(sock: socket.socket) -> list[bytes]:
    sock.setblocking(False)
    got = []
    try:
        while True:
            got.append(sock.recvfrom(65536)[0])
    except BlockingIOError:
        pass
    sock.settimeout(10)
    return got


def probe_from(address: str, server, number: int) -> socket.socket:
    """An OPTIONS from `address`; its answer (or none) comes after everything sent before it."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((address, 0))
    s.sendto(options(f"probe-{number}", s.getsockname()[1]), (HOST, server.sip_port))
    return s


def active(server) -> list[dict]:
    return [m for m in server.get("/api/v1/event-messages/active").body["active"] if m["type"].startswith("dos_black_list")]


def test_fifty_failed_registrations_block_the_address_until_the_period_ends(server_factory):
    server = server_factory(args=["--virtual-clock"])
    server.create_terminal("t301", password=PASSWORD)
    phone = DigestPhone(server, "t301", PASSWORD)
    phone.sock.close()
    phone.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    phone.sock.bind((ATTACKER, 0))
    phone.sock.settimeout(10)
    phone.port = phone.sock.getsockname()[1]
    status, response = phone.register()
    assert status == 401, response
    challenge = DigestPhone.challenges(response)[1]

    # Fifty wrong passwords, sent without waiting: the server reads them in order.
    for attempt in range(50):
        phone.cseq += 1
        wrong = phone.answer(challenge, password=f"guess-{attempt}")
        lines = [f"REGISTER sip:{HOST}:{server.sip_port} SIP/2.0",
                 f"Via: SIP/2.0/UDP {ATTACKER}:{phone.port};branch=z9hG4bKguess{attempt};rport",
                 f"From: <sip:t301@{HOST}>;tag=g", f"To: <sip:t301@{HOST}>", f"Call-ID: {phone.call_id}",
                 f"CSeq: {phone.cseq} REGISTER", f"Contact: <sip:t301@{ATTACKER}:{phone.port}>", "Max-Forwards: 70",
                 f"Authorization: {wrong}", "Content-Length: 0", "", ""]
        phone.sock.sendto("\r\n".join(lines).encode(), (HOST, server.sip_port))
    # A probe from another address is answered, and so everything before it has been handled.
    clean = probe_from(HOST, server, 1)
    clean.settimeout(10)
    assert clean.recvfrom(65536)[0].startswith(b"SIP/2.0 200 OK")
    answers = drain(phone.sock)
    statuses = [int(a.split(b" ", 2)[1]) for a in answers]
    assert statuses == [403] * FAILED_REGISTRATIONS_LIMIT, statuses

    # Blocked: even a valid OPTIONS from the attacker gets nothing. (Its absence is shown by the
    # clean probe sent after it being answered while nothing came back to the attacker.)
    blocked = probe_from(ATTACKER, server, 2)
    assert probe_from(HOST, server, 3).recvfrom(65536)[0].startswith(b"SIP/2.0 200 OK")
    assert drain(blocked) == []

    view = server.get("/api/v1/sip/dos-protection")
    assert view.status == 200 and [b["address"] for b in view.body["blocked"]] == [ATTACKER], view.describe()
    added = eventually("the DoS black list message is active", lambda: active(server))
    assert [(m["type"], m["parameters"].get("ipAddress"), m["parameters"].get("cause")) for m in added] == [
        ("dos_black_list_ip_added", ATTACKER, "0")], added

    # The block ends after its period on the server's clock, with the positive message.
    r = server.post("/api/v1/clock/advance", {"seconds": BLOCK_SECONDS + 1})
    assert r.status == 200, r.describe()
    eventually("the block is lifted", lambda: not active(server))
    removed = [e for e in server.all_events(type="eventmessage.occurred") if e["payload"].get("type") == "dos_black_list_ip_removed"]
    assert [e["payload"]["parameters"]["ipAddress"] for e in removed] == [ATTACKER], removed
    again = probe_from(ATTACKER, server, 4)
    again.settimeout(10)
    assert again.recvfrom(65536)[0].startswith(b"SIP/2.0 200 OK")
    assert server.get("/api/v1/sip/dos-protection").body["blocked"] == []


def test_the_configured_limit_is_the_one_applied(server):
    """PUT /api/v1/sip/dos-protection reaches the listeners: with a limit of 3 modified messages
    the third malformed datagram blocks the address."""
    settings = {"failedRegistrations": 20, "transactions": 30000, "requestsWithoutSession": 100, "modifiedMessages": 3,
                "windowSeconds": 60, "blockSeconds": 600}
    r = server.request("PUT", "/api/v1/sip/dos-protection", settings)
    assert r.status == 200, r.describe()
    attacker = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    attacker.bind(("127.0.0.3", 0))
    blocked = lambda: [b["address"] for b in server.get("/api/v1/sip/dos-protection").body["blocked"]]
    # The listeners take the settings within a quarter of a second of their publication.
    def malformed_until_blocked():
        for _ in range(3):
            attacker.sendto(b"OPTIONS sip:x SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.3;branch=z9hG4bK1\r\nCSeq: x\r\n\r\n", (HOST, server.sip_port))
        return "127.0.0.3" in blocked()
    eventually("three malformed messages block the address", malformed_until_blocked)
