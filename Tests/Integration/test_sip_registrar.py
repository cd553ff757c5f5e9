"""The registrar against sipp (Debian's sip-tester), a real SIP peer (issue 15, point 2; RFC 3261
§10.3, §22; RFC 8760): REGISTER with digest, a wrong password, a stale nonce, removal with
Expires 0, bindings that lapse on the virtual clock, a deleted terminal, each binding that appears
or disappears recorded in the log as a telephony fact, and refreshes not recorded.
"""
from __future__ import annotations

import hashlib
import re
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from conftest import HOST, eventually, free_udp_tcp_port

SCENARIOS = Path(__file__).resolve().parent / "sipp"
PASSWORD = "s3cret-pass"


def sipp(server, scenario: str, name: str, password: str, tmp_path: Path, *extra: str, transport: str = "u1") -> subprocess.CompletedProcess:
    """One run of `scenario` as one call; exit status 0 when every message matched."""
    if shutil.which("sipp") is None:
        pytest.fail("sipp is missing: ops/install-deps installs Debian's sip-tester")
    fields = tmp_path / f"fields-{name}.csv"
    fields.write_text(f"SEQUENTIAL\n{name};\n")
    cmd = ["sipp", f"{HOST}:{server.sip_port}", "-sf", str(SCENARIOS / scenario), "-inf", str(fields), "-m", "1",
           "-i", HOST, "-p", str(free_udp_tcp_port()), "-t", transport, "-au", name, "-ap", password,
           "-timeout", "20s", "-timeout_error", "-nostdin", "-trace_err", "-error_file", str(tmp_path / f"sipp-{name}.err"),
           *extra]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, cwd=tmp_path, stdin=subprocess.DEVNULL)


def said(run: subprocess.CompletedProcess, tmp_path: Path) -> str:
    errors = "".join(p.read_text(errors="replace") for p in tmp_path.glob("sipp-*.err"))
    return f"exit {run.returncode}\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}\n{errors[-4000:]}"


def registration_facts(server, after: int = 0) -> list[dict]:
    return [e for e in server.all_events(after=after) if e["type"].startswith("registration.")]


@pytest.fixture
def md5_server(server_factory):
    """sipp 3.6 knows only MD5 and answers only the first challenge, so this server offers MD5
    first (RFC 8760 §2.3 lets the server choose the order)."""
    return server_factory(args=["--sip-digest-algorithms", "MD5,SHA-256"])


def test_sipp_registers_with_md5_digest_and_the_binding_is_a_fact(md5_server, tmp_path):
    server = md5_server
    terminal = server.create_terminal("t101", password=PASSWORD).body["id"]
    before = server.head()
    run = sipp(server, "register.xml", "t101", PASSWORD, tmp_path)
    assert run.returncode == 0, said(run, tmp_path)
    facts = eventually("the registration.bound fact is in the log", lambda: registration_facts(server, before))
    assert [f["type"] for f in facts] == ["registration.bound"], facts
    payload = facts[0]["payload"]
    assert payload["addressOfRecord"] == "sip:t101@callplane" and payload["terminal"] == terminal, payload
    assert payload["contact"].startswith(f"sip:t101@{HOST}:") and payload["source"].startswith(f"udp:{HOST}:"), payload
    assert facts[0]["actor"] == "sip:t101", facts[0]
    listed = server.get("/api/v1/registrations").body["registrations"]
    assert [(r["terminal"], r["contact"]) for r in listed] == [(terminal, payload["contact"])], listed


def test_sipp_with_a_wrong_password_is_refused_and_nothing_is_bound(md5_server, tmp_path):
    server = md5_server
    server.create_terminal("t102", password=PASSWORD)
    before = server.head()
    run = sipp(server, "register_refused.xml", "t102", "not-the-password", tmp_path)
    assert run.returncode == 0, said(run, tmp_path)
    # An unknown name gets the same challenge, then the same refusal: the answers do not tell
    # which names exist.
    run = sipp(server, "register_refused.xml", "nobody", PASSWORD, tmp_path)
    assert run.returncode == 0, said(run, tmp_path)
    assert registration_facts(server, before) == []


class DigestPhone:
    """A REGISTER client over UDP that answers a challenge itself, with hashlib (RFC 7616 §3.4.1).

    Not a mock of a peer: sipp 3.6, Debian's only SIP tester, knows only MD5, so the SHA-256
    half of RFC 8760 and the stale nonce (which needs the virtual clock moved between challenge
    and answer) are driven from here.
    """

    def __init__(self, server, name: str, password: str):
        self.server, self.name, self.password = server, name, password
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((HOST, 0))
        self.sock.settimeout(10)
        self.port = self.sock.getsockname()[1]
        self.call_id = f"phone-{name}-{self.port}"
        self.cseq = 0

    def register(self, expires: int = 600, authorization: str | None = None, contact: str | None = None) -> tuple[int, str]:
        self.cseq += 1
        uri = f"sip:{HOST}:{self.server.sip_port}"
        lines = [f"REGISTER {uri} SIP/2.0",
                 f"Via: SIP/2.0/UDP {HOST}:{self.port};branch=z9hG4bK{self.call_id}-{self.cseq};rport",
                 f"From: <sip:{self.name}@{HOST}>;tag=f{self.port}", f"To: <sip:{self.name}@{HOST}>",
                 f"Call-ID: {self.call_id}", f"CSeq: {self.cseq} REGISTER",
                 f"Contact: {contact or f'<sip:{self.name}@{HOST}:{self.port}>'}", "Max-Forwards: 70", f"Expires: {expires}"]
        if authorization:
            lines.append(f"Authorization: {authorization}")
        self.sock.sendto(("\r\n".join(lines) + "\r\nContent-Length: 0\r\n\r\n").encode(), (HOST, self.server.sip_port))
        data, _ = self.sock.recvfrom(65536)
        text = data.decode()
        return int(text.split(" ", 2)[1]), text

    @staticmethod
    def challenges(response: str) -> list[dict[str, str]]:
        out = []
        for value in re.findall(r"^WWW-Authenticate: Digest (.*)$", response, re.MULTILINE):
            out.append({k: v.strip('"') for k, v in re.findall(r'(\w+)=("[^"]*"|[^,\s]+)', value)})
        return out

    def answer(self, challenge: dict[str, str], password: str | None = None, nc: int = 1) -> str:
        algorithm = challenge["algorithm"]
        h = (lambda s: hashlib.sha256(s.encode()).hexdigest()) if algorithm == "SHA-256" else (lambda s: hashlib.md5(s.encode()).hexdigest())
        uri = f"sip:{HOST}:{self.server.sip_port}"
        ha1 = h(f"{self.name}:{challenge['realm']}:{password or self.password}")
        ha2 = h(f"REGISTER:{uri}")
        cnonce, count = "0a4f113b", f"{nc:08x}"
        response = h(f"{ha1}:{challenge['nonce']}:{count}:{cnonce}:auth:{ha2}")
        return (f'Digest username="{self.name}", realm="{challenge["realm"]}", nonce="{challenge["nonce"]}", uri="{uri}", '
                f'response="{response}", algorithm={algorithm}, cnonce="{cnonce}", qop=auth, nc={count}')


def test_sha256_is_offered_first_and_a_sha256_answer_registers(server):
    server.create_terminal("t201", password=PASSWORD)
    phone = DigestPhone(server, "t201", PASSWORD)
    status, response = phone.register()
    assert status == 401, response
    offered = DigestPhone.challenges(response)
    assert [c["algorithm"] for c in offered] == ["SHA-256", "MD5"], response
    assert all(c["qop"] == "auth" and c["realm"] == "callplane" for c in offered), offered
    status, response = phone.register(authorization=phone.answer(offered[0]))
    assert status == 200, response
    assert f"\r\nContact: <sip:t201@{HOST}:{phone.port}>;expires=600\r\n" in response, response


def test_a_stale_nonce_is_rechallenged_with_stale_true(server_factory):
    server = server_factory(args=["--virtual-clock"])
    server.create_terminal("t202", password=PASSWORD)
    phone = DigestPhone(server, "t202", PASSWORD)
    _, response = phone.register()
    old = DigestPhone.challenges(response)[0]
    # RFC 2617 §3.2.1: past the nonce's lifetime (300 s) the right password learns it is stale.
    r = server.post("/api/v1/clock/advance", {"seconds": 301})
    assert r.status == 200, r.describe()
    status, response = phone.register(authorization=phone.answer(old))
    assert status == 401, response
    fresh = DigestPhone.challenges(response)
    assert fresh and all(c.get("stale") == "true" for c in fresh), response
    # A wrong password with the stale nonce is not told it is stale: it is refused.
    status, response = phone.register(authorization=phone.answer(old, password="wrong-password"))
    assert status == 403 and "wrong password" in response.split("\r\n")[0], response
    status, response = phone.register(authorization=phone.answer(fresh[0]))
    assert status == 200, response


def test_bindings_appear_and_disappear_as_facts_and_refreshes_are_not_logged(server_factory):
    server = server_factory(args=["--virtual-clock"])
    terminal = server.create_terminal("t203", password=PASSWORD).body["id"]
    doomed = server.create_terminal("t204", password=PASSWORD).body["id"]
    phone, other = DigestPhone(server, "t203", PASSWORD), DigestPhone(server, "t204", PASSWORD)

    def registered(p: DigestPhone, expires: int) -> str:
        _, response = p.register(expires=expires)
        status, response = p.register(expires=expires, authorization=p.answer(DigestPhone.challenges(response)[0]))
        assert status == 200, response
        return response

    before = server.head()
    registered(phone, 600)
    registered(other, 600)
    registered(phone, 600)  # a refresh
    facts = eventually("two bindings are in the log", lambda: [f for f in registration_facts(server, before)] if len(registration_facts(server, before)) >= 2 else None)
    assert [f["type"] for f in facts] == ["registration.bound", "registration.bound"], facts

    # Expires 0 removes the binding (RFC 3261 §10.2.2).
    response = registered(phone, 0)
    assert "\r\nContact:" not in response, response
    removed = eventually("the unregistration is in the log", lambda: [f for f in registration_facts(server, before) if f["type"] == "registration.removed"])
    assert [(f["payload"]["reason"], f["stream"]) for f in removed] == [("unregistered", "registration/sip:t203@callplane")], removed

    # Deleting a terminal ends its bindings at once (issue 15, point 2).
    r = server.delete(f"/api/v1/terminals/{doomed}", idempotency_key="delete-t204")
    assert r.status == 204, r.describe()
    gone = eventually("the deleted terminal's binding is removed", lambda: [f for f in registration_facts(server, before) if f["payload"].get("reason") == "terminal_deleted"])
    assert gone[0]["stream"] == "registration/sip:t204@callplane", gone

    # A binding lapses at its expiry on the server's clock.
    registered(phone, 60)
    r = server.post("/api/v1/clock/advance", {"seconds": 61})
    assert r.status == 200, r.describe()
    expired = eventually("the lapsed binding is removed", lambda: [f for f in registration_facts(server, before) if f["payload"].get("reason") == "expired"])
    assert expired[0]["stream"] == "registration/sip:t203@callplane", expired
    assert terminal != doomed
