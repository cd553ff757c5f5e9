"""Internal calls through the B2BUA against sipp, a real SIP peer on both sides (issue 15 point 4;
RFC 3261 §9, §12–§16): a caller proves its terminal with digest (407), the callee's registered
terminals ring, the answer connects the call, either side hangs up; CANCEL before the answer, a
busy callee, an unregistered one, an unknown number, and forking to two terminals of one user
where the second answers.

The callees are sipp in server mode. sipp cannot register and then take calls on one socket in
one scenario (it maps every message to a call by Call-ID), so each callee is registered by a
DigestPhone from another socket of the same host with the sipp port in its Contact — the
registrar then sends to the Contact's port (SIPTarget+Contact: no NAT between them).
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import HOST, eventually, free_udp_tcp_port, verify_chain
from test_sip_registrar import PASSWORD, DigestPhone, said

SCENARIOS = Path(__file__).resolve().parent / "sipp"


@pytest.fixture
def pbx(server_factory):
    """sipp 3.6 answers only MD5 challenges, so MD5 is offered first."""
    server = server_factory(args=["--sip-digest-algorithms", "MD5,SHA-256"])
    server.create_user("201", "Ann Caller")
    server.create_user("202", "Bob Callee")
    server.create_terminal("t201", password=PASSWORD, userNumber="201")
    return server


def register_for(server, name: str, contact_port: int) -> None:
    """Registers terminal `name` with a Contact on the sipp callee's port."""
    phone = DigestPhone(server, name, PASSWORD)
    contact = f"<sip:{name}@{HOST}:{contact_port}>"
    status, response = phone.register(contact=contact)
    assert status == 401, response
    md5 = next(c for c in DigestPhone.challenges(response) if c["algorithm"] == "MD5")
    status, response = phone.register(contact=contact, authorization=phone.answer(md5))
    assert status == 200, response


class Callee:
    """A sipp callee in server mode, started before the call and waited for after it."""

    def __init__(self, scenario: str, tmp_path: Path, name: str, calls: int = 1, extra: tuple[str, ...] = ()):
        if shutil.which("sipp") is None:
            pytest.fail("sipp is missing: ops/install-deps installs Debian's sip-tester")
        self.port = free_udp_tcp_port()
        self.dir = tmp_path / name
        self.dir.mkdir()
        cmd = ["sipp", "-sf", str(SCENARIOS / scenario), "-m", str(calls), "-i", HOST, "-p", str(self.port), "-t", "u1",
               "-timeout", "25s", "-timeout_error", "-nostdin", "-trace_err", "-trace_logs", *extra]
        self.proc = subprocess.Popen(cmd, cwd=self.dir, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)

    def wait(self) -> subprocess.CompletedProcess:
        out, err = self.proc.communicate(timeout=60)
        return subprocess.CompletedProcess(self.proc.args, self.proc.returncode, out, err)

    def logs(self) -> str:
        return "".join(p.read_text(errors="replace") for p in self.dir.glob("*_logs.log"))

    def messages(self) -> str:
        """What sipp sent and received, when started with `-trace_msg`."""
        return "".join(p.read_text(errors="replace") for p in self.dir.glob("*_messages.log"))


def call(server, scenario: str, dialled: str, tmp_path: Path, expected: int | None = None, *extra: str,
         talk_ms: int = 300, wait: bool = True, terminal: str = "t201", scenario_text: str | None = None):
    """One call from `terminal` with `scenario`, talking `talk_ms` between ACK and BYE; for the
    refused scenario, `expected` is the final status it must get (`scenario_text`, when given,
    is the scenario to change so). With `wait=False`, the running sipp is returned."""
    path = SCENARIOS / scenario
    if expected is not None:
        path = tmp_path / f"refused-{expected}.xml"
        text = scenario_text if scenario_text is not None else (SCENARIOS / scenario).read_text()
        path.write_text(text.replace('response="486"', f'response="{expected}"'))
    fields = tmp_path / "caller.csv"
    fields.write_text(f"SEQUENTIAL\n{terminal};\n")
    cmd = ["sipp", f"{HOST}:{server.sip_port}", "-sf", str(path), "-inf", str(fields), "-s", dialled, "-m", "1",
           "-i", HOST, "-p", str(free_udp_tcp_port()), "-t", "u1", "-au", terminal, "-ap", PASSWORD,
           # sipp 3.6 writes sip:<host>:<port> in the digest's uri unless told the Request-URI.
           "-auth_uri", f"{dialled}@{HOST}:{server.sip_port}",
           "-d", str(talk_ms), "-timeout", "25s", "-timeout_error", "-nostdin", "-trace_err",
           "-error_file", str(tmp_path / "sipp-caller.err"), *extra]
    if not wait:
        return subprocess.Popen(cmd, cwd=tmp_path, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, cwd=tmp_path, stdin=subprocess.DEVNULL)


def call_through(server, callee_scenario: str, caller_scenario: str, dialled: str, tmp_path: Path,
                 expected: int | None = None, callee_user: str = "202") -> int:
    """t201 calls `dialled` with `caller_scenario` while a sipp callee plays `callee_scenario` as
    the registered terminal t202 of `callee_user`; both must end as their scenarios say. Returns
    the log position before the call."""
    server.create_terminal("t202", password=PASSWORD, userNumber=callee_user)
    callee = Callee(callee_scenario, tmp_path, "callee")
    register_for(server, "t202", callee.port)
    before = server.head()
    run = call(server, caller_scenario, dialled, tmp_path, expected)
    done = callee.wait()
    assert run.returncode == 0, said(run, tmp_path)
    assert done.returncode == 0, f"{done.stdout[-2000:]}{done.stderr[-2000:]}"
    return before


def call_facts(server, after: int) -> list[dict]:
    return [e for e in server.all_events(after=after) if e["type"].startswith("call.")]


def ended_fact(server, after: int) -> dict:
    facts = eventually("the call.ended fact is in the log",
                       lambda: [f for f in call_facts(server, after) if f["type"] == "call.ended"] or None)
    return facts[0]


def test_a_registered_callee_answers_the_caller_hangs_up_and_the_call_is_in_the_log(pbx, tmp_path):
    server = pbx
    callee_terminal = server.create_terminal("t202", password=PASSWORD, userNumber="202").body["id"]
    callee = Callee("call_uas.xml", tmp_path, "callee")
    register_for(server, "t202", callee.port)
    before = server.head()
    run = call(server, "call_uac.xml", "202", tmp_path)
    answered = callee.wait()
    assert run.returncode == 0, said(run, tmp_path)
    assert answered.returncode == 0, f"{answered.stdout[-2000:]}{answered.stderr[-2000:]}"
    # CLIP: the callee's phone is shown the caller's user number and name, not the terminal.
    assert "caller Ann Caller 201 in" in callee.logs(), callee.logs()[-2000:]
    ended = ended_fact(server, before)
    types = [f["type"] for f in call_facts(server, before)]
    assert types == ["call.started", "call.answered", "call.ended"], types
    started = call_facts(server, before)[0]["payload"]
    assert (started["caller"], started["callee"], started["dialled"], started["kind"]) == ("201", "202", "202", "internal"), started
    assert ended["payload"]["cause"] == "normal" and ended["payload"]["endedBy"] == "caller", ended
    assert callee_terminal in ended["payload"]["terminals"], ended
    assert server.get("/api/v1/calls").body["calls"] == []


def test_the_caller_cancels_while_the_callee_rings(pbx, tmp_path):
    server = pbx
    before = call_through(server, "call_uas_cancelled.xml", "call_uac_cancel.xml", "202", tmp_path)
    ended = ended_fact(server, before)
    assert ended["payload"]["cause"] == "cancelled" and ended["payload"]["endedBy"] == "caller", ended


def test_a_busy_callee_makes_the_caller_hear_busy(pbx, tmp_path):
    server = pbx
    before = call_through(server, "call_uas_busy.xml", "call_uac_refused.xml", "202", tmp_path, expected=486)
    assert ended_fact(server, before)["payload"]["cause"] == "busy"


@pytest.mark.parametrize("dialled,status,cause", [("202", 480, "unavailable"), ("2", 484, None), ("999", 404, None)])
def test_an_unregistered_callee_a_partial_and_an_unknown_number(pbx, tmp_path, dialled, status, cause):
    server = pbx
    server.create_terminal("t202", password=PASSWORD, userNumber="202")  # never registers
    before = server.head()
    run = call(server, "call_uac_refused.xml", dialled, tmp_path, expected=status)
    assert run.returncode == 0, said(run, tmp_path)
    if cause:
        assert ended_fact(server, before)["payload"]["cause"] == cause
    else:
        assert call_facts(server, before) == [], "a number that is no call is not a call in the log"


def test_a_call_forks_to_two_terminals_of_the_callee_and_the_second_answers(pbx, tmp_path):
    server = pbx
    server.create_terminal("t202a", password=PASSWORD, userNumber="202")
    second = server.create_terminal("t202b", password=PASSWORD, userNumber="202").body["id"]
    ringing = Callee("call_uas_cancelled.xml", tmp_path, "first")
    answering = Callee("call_uas.xml", tmp_path, "second")
    register_for(server, "t202a", ringing.port)
    register_for(server, "t202b", answering.port)
    before = server.head()
    run = call(server, "call_uac.xml", "202", tmp_path)
    assert run.returncode == 0, said(run, tmp_path)
    for name, callee in (("first", ringing), ("second", answering)):
        done = callee.wait()
        assert done.returncode == 0, f"{name}: {done.stdout[-2000:]}{done.stderr[-2000:]}"
    answered = [f for f in call_facts(server, before) if f["type"] == "call.answered"]
    assert [a["payload"]["terminal"] for a in answered] == [second], answered
    assert ended_fact(server, before)["payload"]["cause"] == "normal"


def test_the_caller_holds_and_resumes_through_re_invites(pbx, tmp_path):
    """RFC 3264 §8.4 hold and resume: each re-INVITE is re-issued in the callee's dialog with its
    SDP, the callee's answer comes back to the caller, each 2xx is acknowledged on both sides."""
    server = pbx
    before = call_through(server, "call_uas_hold.xml", "call_uac_hold.xml", "202", tmp_path)
    assert ended_fact(server, before)["payload"]["cause"] == "normal"


def test_calls_open_when_the_server_is_killed_are_closed_with_cause_restart(pbx, tmp_path):
    """Issue 15: kill -9 during 20 active calls; at the next start every one is closed in the log
    with cause `restart`, the chain verifies, and the phones' registrations come back as they
    refresh."""
    server = pbx
    server.create_terminal("t202", password=PASSWORD, userNumber="202")
    callee = Callee("call_uas.xml", tmp_path, "callee", calls=20)
    register_for(server, "t202", callee.port)
    before = server.head()
    caller = call(server, "call_uac.xml", "202", tmp_path, None, "-r", "10", "-m", "20", "-l", "20", talk_ms=120_000, wait=False)
    try:
        eventually("20 calls are connected",
                   lambda: len([c for c in server.get("/api/v1/calls").body["calls"] if c.get("answeredAt")]) == 20, timeout=30)
        server.kill9()
    finally:
        caller.kill()
        callee.proc.kill()
    server.start()
    register_for(server, "t202", free_udp_tcp_port())
    facts = call_facts(server, before)
    started = {f["payload"]["callID"] for f in facts if f["type"] == "call.started"}
    answered = {f["payload"]["callID"] for f in facts if f["type"] == "call.answered"}
    ended = [f for f in facts if f["type"] == "call.ended"]
    assert len(started) == 20 and answered == started, facts
    assert {e["payload"]["callID"] for e in ended} == started, ended
    assert {(e["payload"]["cause"], e["payload"]["endedBy"]) for e in ended} == {("restart", "system")}, ended
    assert server.get("/api/v1/calls").body["calls"] == []
    server.stop()
    check = verify_chain(server.data_dir)
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_blind_transfer_request_reaches_the_callee(pbx, tmp_path):
    """RFC 3515 with sipp: the caller's REFER is re-issued in the callee's dialog with its
    Refer-To, and the callee's 202 comes back. (sipp cannot then place the transferee's new call;
    test_baresip.py carries a transfer out to the end with real phones.)"""
    server = pbx
    before = call_through(server, "call_uas_refer.xml", "call_uac_refer.xml", "202", tmp_path)
    assert ended_fact(server, before)["payload"]["cause"] == "normal"


def test_an_attended_transfer_replaces_the_transferors_call_with_the_transferees(pbx, tmp_path):
    """RFC 3891 with sipp: the transferor (t201) talks to the target (t202); the transferee (t203)
    then sends the INVITE with Replaces that the transferor's REFER would have made it send,
    naming the transferor's dialog with Callplane. Callplane carries it to the very terminal the
    target talks on, with a Replaces naming the target's own dialog with Callplane (the dialog
    ids differ on the two sides of a B2BUA), and once the target answers it hangs the
    transferor up. A Replaces that names no call gets 481 (§3). (sipp cannot act on a REFER;
    test_sip_calls' blind transfer shows the REFER relayed, baresip the whole of one.)"""
    server = pbx
    server.create_user("203", "Cid Transferee")
    server.create_terminal("t203", password=PASSWORD, userNumber="203")
    server.create_terminal("t202", password=PASSWORD, userNumber="202")
    target = Callee("call_uas_replaced.xml", tmp_path, "target", calls=2)
    register_for(server, "t202", target.port)
    before = server.head()

    transferor_dir = tmp_path / "transferor"
    transferor_dir.mkdir()
    transferor = call(server, "call_uac_transferor.xml", "202", transferor_dir, None, "-trace_logs", wait=False)

    def dialog() -> list[str] | None:
        for log in transferor_dir.glob("*_logs.log"):
            for line in log.read_text(errors="replace").splitlines():
                if line.startswith("dialog "):
                    return line.split()[1:4]
        return None

    call_id, transferor_tag, callplane_tag = eventually("the transferor talks to the target", dialog)
    replaces = f"{call_id};to-tag={callplane_tag};from-tag={transferor_tag}"

    transferee_dir = tmp_path / "transferee"
    transferee_dir.mkdir()
    run = call(server, "call_uac_replacing.xml", "202", transferee_dir, None, "-key", "replaces", replaces, terminal="t203")
    assert run.returncode == 0, said(run, transferee_dir)
    assert transferor.wait(timeout=30) == 0, "the transferor was hung up by Callplane"
    done = target.wait()
    assert done.returncode == 0, f"{done.stdout[-2000:]}{done.stderr[-2000:]}"

    logs = target.logs().splitlines()
    invites = [line.split() for line in logs if line.startswith("invite ")]
    own_tags = [line.split()[1] for line in logs if line.startswith("own ")]
    assert len(invites) == 2 and len(own_tags) == 2, logs
    (first_call_id, _, first_from, _, first_replaces), (second_call_id, _, _, _, second_replaces) = \
        [(i[1], i[2], i[3], i[4], i[5] if i[5] != "in" else "") for i in invites]
    assert first_replaces == "", "the transferor's call was an ordinary one"
    assert second_call_id != first_call_id
    assert second_replaces == f"{first_call_id};to-tag={own_tags[0]};from-tag={first_from}", \
        "the target's INVITE names the target's own dialog with Callplane"

    facts = eventually("both calls ended in the log",
                       lambda: (lambda f: f if len([e for e in f if e["type"] == "call.ended"]) == 2 else None)(call_facts(server, before)))
    started = {e["payload"]["callID"]: e["payload"] for e in facts if e["type"] == "call.started"}
    ended = {e["payload"]["callID"]: e["payload"] for e in facts if e["type"] == "call.ended"}
    answered = {e["payload"]["callID"] for e in facts if e["type"] == "call.answered"}
    first = next(i for i, p in started.items() if p.get("caller") == "201")
    second = next(i for i, p in started.items() if p.get("caller") == "203")
    assert started[second]["callee"] == "202" and {first, second} <= answered
    assert (ended[first]["cause"], ended[first]["endedBy"]) == ("normal", "system"), ended[first]
    assert (ended[second]["cause"], ended[second]["endedBy"]) == ("normal", "caller"), ended[second]

    # A Replaces that names no call: 481, and no call is placed.
    refused = (SCENARIOS / "call_uac_refused.xml").read_text().replace(
        "      Max-Forwards: 70\n      Content-Type: application/sdp", "      Replaces: [replaces]\n      Max-Forwards: 70\n      Content-Type: application/sdp")
    assert refused.count("Replaces: [replaces]") == 2
    bogus_dir = tmp_path / "bogus"
    bogus_dir.mkdir()
    head = server.head()
    run = call(server, "call_uac_refused.xml", "202", bogus_dir, 481, "-key", "replaces", f"{call_id};to-tag=nobody;from-tag={transferor_tag}",
               terminal="t203", scenario_text=refused)
    assert run.returncode == 0, said(run, bogus_dir)
    # One without its tags does not parse (RFC 3891 §6.1): 400, and no call either.
    malformed_dir = tmp_path / "malformed"
    malformed_dir.mkdir()
    run = call(server, "call_uac_refused.xml", "202", malformed_dir, 400, "-key", "replaces", call_id,
               terminal="t203", scenario_text=refused)
    assert run.returncode == 0, said(run, malformed_dir)
    assert [e for e in call_facts(server, head) if e["type"] == "call.started"] == []
