"""RFC 4475 against the running server: each torture message in one UDP datagram, and the answer
the RFC (and ../shared/sip/README.md) expects of the element that receives it — or nothing, where
the RFC says to drop it — while the server keeps serving.

Where the answer goes is part of what is tested. The messages' Vias name hosts of the
documentation ranges, so the server must send each answer where RFC 3261 §18.2.2 says: to the
source address (`received`) at the sent-by port, 5060 when none is given, or at the source port
when the request asked with `rport` (RFC 3581). The test listens on those loopback ports. After
each message it sends an OPTIONS whose answer takes the same way; the server reads one socket in
order, so everything that arrives before that probe's 200 is the torture message's answer, and a
dropped message is one with nothing before the probe's answer — no sleeping, no guessing.

The messages were written to be sent to fresh elements one at a time, and a few share a
transaction key (the top Via's branch and sent-by, and the method: RFC 3261 §17.2.3). The server
keeps a transaction for 32 s, so the second of such a pair is a retransmission to it and gets the
first one's answer again — which the test expects.

An INVITE that is read and processed is challenged (407): its sender proves no terminal, and the
call core asks for that before it looks at the number, so no answer tells which numbers exist.
A REGISTER is challenged (401), as every REGISTER without credentials is.
"""
from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest

from conftest import HOST

TORTURE = Path(__file__).resolve().parents[3] / "shared" / "sip" / "rfc4475"

# file -> (expected status or None for "dropped", what the RFC says)
EXPECTED: dict[str, tuple[int | None, str]] = {
    # §3.1.1 valid messages: parsed and processed.
    "wsinv": (481, "valid INVITE, processed: its To has a tag, so it is a re-INVITE of a dialog that does not exist (RFC 3261 §12.2.2)"),
    "intmeth": (501, "unknown method: 501, not 400"),
    "esc01": (407, "valid INVITE with escapes, processed"),
    "escnull": (401, "valid REGISTER with escaped NULs"),
    "esc02": (501, "RE%47IST%45R is an unknown method"),
    "lwsdisp": (200, "valid OPTIONS"),
    "longreq": (407, "valid INVITE with long headers, processed"),
    "dblreq": (401, "the REGISTER is processed, the INVITE after it ignored"),
    "semiuri": (200, "valid OPTIONS with ; in the user part"),
    "transports": (200, "valid OPTIONS with unknown Via transports"),
    "mpart01": (405, "valid MESSAGE: not a method the server takes from phones"),
    "unreason": (None, "a response matching no transaction is dropped"),
    "noreason": (None, "a response matching no transaction is dropped"),
    # §3.1.2 invalid messages.
    "badinv01": (400, "extraneous header separators"),
    "clerr": (400, "Content-Length larger than the datagram"),
    "ncl": (400, "negative Content-Length"),
    "scalar02": (400, "scalar overflow in a request"),
    "scalarlg": (None, "scalar overflow in a response: dropped"),
    "quotbal": (400, "unterminated quoted string"),
    "ltgtruri": (400, "<> around the Request-URI"),
    "lwsruri": (400, "LWS in the Request-URI"),
    "lwsstart": (400, "several SP in the request line"),
    "trws": (400, "SP at the end of the request line"),
    "escruri": (400, "escaped headers in the Request-URI"),
    "baddate": (407, "an invalid Date alone is ignored; the INVITE is processed"),
    "regbadct": (400, "Contact URI with parameters outside <>"),
    "badaspec": (400, "spaces in an addr-spec"),
    "baddn": (400, "non-token characters in a display name"),
    "badvers": (505, "SIP/7.0"),
    "mismatch01": (400, "method and CSeq method differ"),
    "mismatch02": (400, "unknown method and a CSeq mismatch"),
    "bigcode": (None, "status 4294967301: dropped, never truncated"),
    # §3.2 transaction layer.
    "badbranch": (200, "an RFC 2543 branch is still a valid OPTIONS"),
    # §3.3 application layer.
    "insuf": (400, "required headers missing"),
    "unkscm": (416, "unknown Request-URI scheme"),
    "novelsc": (416, "soap.beep is not served"),
    "unksm2": (401, "unknown schemes in header fields of a REGISTER"),
    "bext01": (420, "unknown Require option"),
    "invut": (415, "unknown Content-Type"),
    "regaut01": (401, "REGISTER with an unknown Authorization scheme"),
    "multi01": (400, "several values in single-value fields"),
    "mcl01": (400, "several Content-Length values"),
    "bcast": (None, "a 200 with a broadcast Via: dropped"),
    "zeromf": (200, "Max-Forwards 0 addressed to the element itself"),
    "cparam01": (401, "REGISTER with a Contact parameter"),
    "cparam02": (401, "REGISTER with a URL parameter"),
    "regescrt": (401, "REGISTER with an escaped header in the Contact"),
    "sdp01": (406, "Accept without application/sdp"),
    "inv2543": (407, "an RFC 2543 INVITE is processed"),
}


# The top Via itself is what is broken: with no port to read, the 400 goes back to the source.
UNREADABLE_VIA = {"badinv01"}


def reply_port(message: bytes, sender_port: int, name: str = "") -> int:
    """The port §18.2.2 / RFC 3581 send the answer to, read off the top Via."""
    if name in UNREADABLE_VIA:
        return sender_port
    head = message.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    via = re.search(r"^(?:via|v)\s*:(.*)$", head, re.IGNORECASE | re.MULTILINE)
    if via is None:
        return sender_port
    top = via.group(1).split(",")[0]
    if re.search(r";\s*rport(?!=)", top):
        return sender_port
    sent_by = re.match(r"\s*SIP\s*/\s*2\.0\s*/\s*\w+\s+([^;\s]+)", top, re.IGNORECASE)
    if sent_by and re.search(r":(\d+)$", sent_by.group(1)):
        return int(re.search(r":(\d+)$", sent_by.group(1)).group(1))
    return 5060


def transaction_key(message: bytes) -> tuple[str, str, str] | None:
    """(branch, sent-by, method) of a request with an RFC 3261 branch, else None."""
    head = message.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    if head.startswith("SIP/"):
        return None
    via = re.search(r"^(?:via|v)\s*:(.*)$", head, re.IGNORECASE | re.MULTILINE)
    branch = via and re.search(r";\s*branch=(z9hG4bK[^;,\s]+)", via.group(1).split(",")[0])
    sent_by = via and re.match(r"\s*SIP\s*/\s*2\.0\s*/\s*\w+\s+([^;\s]+)", via.group(1), re.IGNORECASE)
    if not branch or not sent_by:
        return None
    return branch.group(1).lower(), sent_by.group(1).lower(), head.split(" ", 1)[0]


def probe(number: int, port: int, rport: bool) -> bytes:
    via = f"SIP/2.0/UDP {HOST}:{port};branch=z9hG4bKprobe{number}" + (";rport" if rport else "")
    return (f"OPTIONS sip:{HOST} SIP/2.0\r\nVia: {via}\r\nMax-Forwards: 70\r\nFrom: <sip:probe@{HOST}>;tag=p{number}\r\n"
            f"To: <sip:{HOST}>\r\nCall-ID: probe-{number}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n").encode()


def answers_until_probe(sock: socket.socket, number: int) -> list[bytes]:
    """Every datagram before the probe's 200; fails after 10 s without it."""
    got = []
    sock.settimeout(10)
    while True:
        try:
            data, _ = sock.recvfrom(65536)
        except socket.timeout:
            pytest.fail(f"the server did not answer probe {number}: it stopped serving. Before it: {got}")
        if f"Call-ID: probe-{number}\r\n".encode() in data:
            assert data.startswith(b"SIP/2.0 200 "), data
            return got
        got.append(data)


@pytest.fixture
def sockets():
    opened: dict[int, socket.socket] = {}

    def at(port: int) -> socket.socket:
        if port not in opened:
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            try:
                s.bind((HOST, port))
            except OSError as error:
                pytest.fail(f"the test must receive the answers on {HOST}:{port} (RFC 3261 §18.2.2), which is taken: {error}")
            opened[port] = s
        return opened[port]

    yield at
    for s in opened.values():
        s.close()


def test_every_rfc4475_message_gets_the_rfc_answer_and_the_server_keeps_serving(server, sockets):
    files = sorted(TORTURE.glob("*.dat"))
    assert len(files) == 49, f"expected the 49 RFC 4475 messages in {TORTURE}, found {len(files)}"
    assert {f.stem for f in files} == set(EXPECTED), "every torture message needs its expected answer"
    sender = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sender.bind((HOST, 0))
    sender_port = sender.getsockname()[1]
    target = (HOST, server.sip_port)
    wrong = []
    first_answers: dict[tuple[str, str, str], bytes] = {}
    for number, path in enumerate(files):
        message = path.read_bytes()
        status, why = EXPECTED[path.stem]
        port = reply_port(message, sender_port, path.stem)
        listener = sender if port == sender_port else sockets(port)
        sender.sendto(message, target)
        sender.sendto(probe(number, port, rport=port == sender_port), target)
        got = answers_until_probe(listener, number)
        statuses = [int(d.split(b" ", 2)[1]) for d in got]
        expected = [] if status is None else [status]
        if statuses != expected:
            wrong.append(f"{path.stem}: expected {expected or 'nothing'} ({why}), got {statuses}: {[d[:200] for d in got]}")
            continue
        key = transaction_key(message)
        if key is not None and key in first_answers and got:
            assert got == [first_answers[key]], f"{path.stem} shares {key} with an earlier message: {got} != {first_answers[key]}"
            continue
        if key is not None and got:
            first_answers[key] = got[0]
        if got:
            answer = got[0].decode("latin-1")
            # The answer is to *this* request: its Call-ID and CSeq came back, and the To got a tag.
            call_id = re.search(r"^(?:Call-ID|i)\s*:\s*(.*?)\s*$", message.decode("latin-1"), re.IGNORECASE | re.MULTILINE)
            if call_id and status != 400:
                assert f"Call-ID: {call_id.group(1)}\r\n" in answer, (path.stem, answer)
            if status == 400:
                assert "Bad Request (" in answer.split("\r\n")[0], f"{path.stem}: a 400 names the rule: {answer[:200]}"
    sender.close()
    assert not wrong, "\n".join(wrong)
    assert server.running


def test_answers_carry_what_their_status_promises(server, sockets):
    """405/501 list Allow, 415 lists Accept, 420 lists Unsupported (RFC 3261 §8.2.1–§8.2.3)."""
    sender = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sender.bind((HOST, 0))
    for number, (name, header, value) in enumerate([
        ("intmeth", "Allow", "INVITE, ACK, BYE, CANCEL, OPTIONS, REGISTER, UPDATE, INFO, REFER, NOTIFY"),
        ("invut", "Accept", "application/sdp"),
        ("bext01", "Unsupported", "nothingSupportsThis, nothingSupportsThisEither"),
    ]):
        message = (TORTURE / f"{name}.dat").read_bytes()
        port = reply_port(message, sender.getsockname()[1])
        listener = sockets(port)
        sender.sendto(message, (HOST, server.sip_port))
        sender.sendto(probe(1000 + number, port, rport=False), (HOST, server.sip_port))
        got = answers_until_probe(listener, 1000 + number)
        assert len(got) == 1, (name, got)
        assert f"\r\n{header}: {value}\r\n" in got[0].decode("latin-1"), (name, got[0])
    sender.close()
