"""Real SIP user agents against Callplane (issue 15 "Done when"): baresip 1.0 (Debian's
`baresip-core`) registers, calls another baresip through the B2BUA, shows an event message the
system phone destination sends as SIP MESSAGE (RFC 3428), and carries out a blind transfer
(RFC 3515) that the B2BUA relays.

Each baresip runs under a pseudo-terminal (its `stdio` user interface reads commands such as
``/dial 302`` from a terminal only) with a config directory of its own, no sound device (the
`aubridge` module stands in for player and source: it needs no hardware and takes any sample
rate, where Debian's `ausine` takes only 48 kHz and so cannot feed G.711), `answermode=auto` so
a callee answers at once, and SIP tracing on (`-s`) so a failure shows the messages.

What baresip 1.0 needs of the server, and why:

* Only MD5 challenges. Its SIP stack (libre 1.1, ``sip/auth.c``) walks every
  ``WWW-Authenticate`` of a 401 and gives up with ENOSYS ("Register: Function not implemented")
  at the first one whose algorithm is not MD5, instead of answering the one it knows (RFC 8760
  §2.4 lets a client pick the first it supports). Callplane's default offers SHA-256 first, so
  the server here runs with ``--sip-digest-algorithms MD5``; a phone like this is what that
  setting is for.
* Ports. baresip binds UDP and TCP on its `sip_listen` port and TLS on the next one, so each
  instance gets a port P with P and P+1 free.
"""
from __future__ import annotations

import os
import pty
import re
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from conftest import HOST, eventually

PASSWORD = "s3cret-pass"
MODULES = Path("/usr/lib/baresip/modules")
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")  # baresip colours its warnings


def free_port_pair() -> int:
    """A port P with P and P+1 free for both UDP and TCP on the loopback address."""
    for _ in range(200):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind((HOST, 0))
            port = s.getsockname()[1]
        if port >= 65535:
            continue
        try:
            held = []
            for p in (port, port + 1):
                for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
                    sock = socket.socket(socket.AF_INET, kind)
                    held.append(sock)
                    sock.bind((HOST, p))
        except OSError:
            continue
        finally:
            for sock in held:
                sock.close()
        return port
    raise RuntimeError("no two adjacent ports free for UDP and TCP")


class Baresip:
    """One baresip process for terminal `name` (registration name) of `server`, under a pty.

    Everything it prints is kept (ANSI colours removed) in :attr:`output` and written to
    ``<dir>/output.log``; :meth:`expect` waits for a pattern in what came after the last mark.
    """

    def __init__(self, server, name: str, directory: Path, password: str = PASSWORD, audio: list[str] | None = None,
                 account_parameters: str = "", tls: bool = False):
        """`audio`: the config lines of the audio devices and their modules instead of the
        `aubridge` stand-in; `account_parameters`: more `;name=value` for the account line;
        `tls`: register and call over the server's TLS listener."""
        self.name = name
        self.terminal: int | None = None  # the terminal's id, set by the `phones` fixture
        self.dir = directory
        self.dir.mkdir(parents=True)
        self.port = free_port_pair()
        device = f"bridge-{name}"
        (self.dir / "config").write_text("\n".join([
            "poll_method epoll",
            f"sip_listen {HOST}:{self.port}",
            # Without it baresip takes the host's first interface address for its Contact and SDP.
            f"net_interface {HOST}",
            "call_local_timeout 30",
            "call_max_calls 4",
            f"module_path {MODULES}",
            "module stdio.so",
            "module g711.so",
            *(audio if audio is not None else [
                f"audio_player aubridge,{device}",
                f"audio_source aubridge,{device}",
                f"audio_alert aubridge,{device}",
                "module aubridge.so",
            ]),
            "module_tmp account.so",
            "module_app menu.so",
            "",
        ]))
        (self.dir / "accounts").write_text(
            (f"<sip:{name}@{HOST}:{server.sip_tls_port};transport=tls>" if tls else f"<sip:{name}@{HOST}:{server.sip_port}>")
            + f";auth_pass={password};regint=300;answermode=auto{account_parameters}\n")
        master, slave = pty.openpty()
        self._master = master
        self._log = open(self.dir / "output.log", "w")
        self.proc = subprocess.Popen(["baresip", "-s", "-f", str(self.dir)], stdin=slave, stdout=slave, stderr=slave,
                                     cwd=self.dir, start_new_session=True)
        os.close(slave)
        self._lock = threading.Lock()
        self._text = ""
        self._mark = 0
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self._master, 65536)
            except OSError:
                return
            if not data:
                return
            text = ANSI.sub("", data.decode("utf-8", "replace"))
            with self._lock:
                self._text += text
            self._log.write(text)
            self._log.flush()

    @property
    def output(self) -> str:
        with self._lock:
            return self._text

    def mark(self) -> None:
        """Later :meth:`expect` calls look only at what is printed from now on."""
        with self._lock:
            self._mark = len(self._text)

    def expect(self, pattern: str, timeout: float = 10.0) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                found = re.compile(pattern).search(self._text, self._mark)
            if found:
                return found
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"baresip {self.name} did not print {pattern!r} within {timeout:.0f} s "
                             f"(exit {self.proc.poll()}); it printed:\n{self.output[-4000:]}")

    def command(self, line: str) -> None:
        """One menu command, e.g. ``/dial 302`` (typed into its terminal)."""
        os.write(self._master, (line + "\n").encode())

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        try:
            os.close(self._master)
        except OSError:
            pass
        self._reader.join(timeout=2)
        self._log.close()


@pytest.fixture
def pbx(server_factory):
    if shutil.which("baresip") is None or not MODULES.is_dir():
        pytest.fail("baresip is missing: ops/install-deps installs Debian's baresip-core")
    server = server_factory(args=["--sip-digest-algorithms", "MD5"])
    for number, name in (("301", "Ann Caller"), ("302", "Bob Callee"), ("303", "Cid Target")):
        server.create_user(number, name)
    return server


@pytest.fixture
def phones(pbx, tmp_path):
    """`phones("t301", …)` starts one registered baresip per terminal (creating the terminal for
    the user of the same number) and waits until each is registered; all stop at teardown."""
    started: list[Baresip] = []

    def start(*names: str) -> list[Baresip]:
        out = []
        for name in names:
            terminal = pbx.create_terminal(name, password=PASSWORD, userNumber=name[1:]).body["id"]
            phone = Baresip(pbx, name, tmp_path / f"baresip-{name}")
            phone.terminal = terminal
            started.append(phone)
            out.append(phone)
        for phone in out:
            phone.expect(r"useragent registered successfully", timeout=15)
        return out

    yield start
    for phone in started:
        phone.stop()


def call_facts(server, after: int) -> list[dict]:
    return [e for e in server.all_events(after=after) if e["type"].startswith("call.")]


def test_two_baresips_register_and_one_calls_the_other_through_the_b2bua(pbx, phones):
    server = pbx
    ann, bob = phones("t301", "t302")
    listed = server.get("/api/v1/registrations").body["registrations"]
    bound = {(r["registrationName"], r["userNumber"]): r["contact"] for r in listed}
    assert set(bound) == {("t301", "301"), ("t302", "302")}, listed
    assert f"@{HOST}:{ann.port}" in bound[("t301", "301")] and f"@{HOST}:{bob.port}" in bound[("t302", "302")], listed

    before = server.head()
    ann.command("/dial 302")
    ann.expect(r"Call established: sip:302@")
    # CLIP: Bob's phone is shown Ann's user number (and name), not her terminal.
    bob.expect(r"Call established: sip:301@")
    assert re.search(r'From: "Ann Caller" <sip:301@', bob.output), bob.output[-3000:]
    active = eventually("the call is listed as answered", lambda: [
        c for c in server.get("/api/v1/calls").body["calls"] if c.get("state") == "answered"] or None)
    assert len(active) == 1, active
    bob.mark()
    ann.command("/hangup")
    bob.expect(r"session closed|Call with sip:301@\S+ terminated")
    ended = eventually("call.ended is in the log",
                       lambda: [f for f in call_facts(server, before) if f["type"] == "call.ended"] or None)[0]
    facts = call_facts(server, before)
    assert [f["type"] for f in facts] == ["call.started", "call.answered", "call.ended"], facts
    started = facts[0]["payload"]
    assert (started["caller"], started["callee"], started["dialled"], started["kind"]) == ("301", "302", "302", "internal"), started
    assert facts[1]["payload"]["terminal"] == bob.terminal, facts[1]
    assert ended["payload"]["cause"] == "normal" and ended["payload"]["endedBy"] == "caller", ended
    assert server.get("/api/v1/calls").body["calls"] == []


def test_an_event_message_is_shown_by_a_baresip_of_a_member_of_message_group_16(pbx, phones):
    """System phone 1 (manual §6.3.1.3) is message group 16: its event messages go as SIP
    MESSAGE to every registered terminal of the group's users, and to no one else."""
    server = pbx
    r = server.put("/api/v1/message-groups/16", {"name": "System phone 1", "members": ["302"]})
    assert r.status == 200, r.describe()
    outsider, member = phones("t301", "t302")

    # "Fan failure" is routed to system phone 1 by event table 1's defaults.
    raised = server.post("/api/v1/event-messages", {"type": "fan_failure", "parameters": {"fanStatus": 0}})
    assert raised.status == 201, raised.describe()
    # baresip shows an incoming MESSAGE as `<From URI>: "<text>"` (the SIP trace above it is
    # the request itself, whose body has no quotes).
    member.expect(r'sip:callplane@callplane: "CRITICAL: Fan failure \(test\)\r?\nfanStatus=0"')
    state = eventually("system_phone_1 has delivered it", lambda: (
        d := server.get("/api/v1/destinations/system_phone_1").body["delivery"])["pending"] == 0
        and d["deliveredThrough"] >= raised.body["position"] and d)
    assert state["reachable"] is True and state["lastError"] is None, state

    # The destination's test message, sent at once and answered with its outcome.
    member.mark()
    tested = server.post("/api/v1/destinations/system_phone_1/test")
    assert tested.status == 201, tested.describe()
    assert tested.body["delivery"]["outcome"] == "delivered", tested.body
    member.expect(r'sip:callplane@callplane: "SERIOUS: Test event message"')
    time.sleep(0.5)
    assert "MESSAGE sip:" not in outsider.output and "Fan failure" not in outsider.output, \
        "a terminal of a user outside group 16 got the system phone's message"


def test_a_blind_transfer_from_baresip_connects_the_transferee_to_the_target(pbx, phones):
    """Ann calls Bob, then transfers him to Cid (RFC 3515 REFER, blind). The B2BUA relays the
    REFER into Bob's dialog and answers Ann 202; Bob's baresip reports on it with NOTIFYs
    (message/sipfrag, RFC 3515 §2.4.5) that the B2BUA relays back into Ann's dialog, sends the
    new INVITE for 303 through Callplane, and Cid answers it: a second call from 302 to 303."""
    server = pbx
    ann, bob, cid = phones("t301", "t302", "t303")
    before = server.head()
    ann.command("/dial 302")
    ann.expect(r"Call established: sip:302@")
    bob.expect(r"Call established: sip:301@")
    first = eventually("the first call is answered", lambda: [
        c for c in server.get("/api/v1/calls").body["calls"] if c["state"] == "answered"] or None)[0]
    ann.command(f"/transfer sip:303@{HOST}:{server.sip_port}")
    bob.expect(r"transferring call .* to 'sip:303@")
    cid.expect(r"Call established: sip:302@", timeout=15)
    bob.expect(r"Call established: sip:303@")

    def transferred():
        calls = [c for c in server.get("/api/v1/calls").body["calls"] if c["callID"] != first["callID"]]
        return calls and calls[0]["state"] == "answered" and calls[0]
    second = eventually("the transferred call is answered", transferred)
    assert (second["caller"], second["callerTerminal"], second["dialled"], second["callee"]) == \
        ("302", bob.terminal, "303", "303"), second
    assert second["answeringTerminal"] == cid.terminal and second["kind"] == "internal", second
    # The transfer ends the first call: Bob's phone hangs up on Ann once it has called Cid.
    ended_first = eventually("the first call ended", lambda: [
        f for f in server.all_events(after=before, stream=f"call/{first['callID']}") if f["type"] == "call.ended"])
    assert ended_first[0]["payload"]["cause"] == "normal", ended_first

    # Ann's phone hears how the transfer goes: the NOTIFYs Bob's phone sent in its dialog.
    said = bob.output
    if "transfer failure" in said:
        pytest.fail("Callplane refused Bob's NOTIFY about the transfer:\n"
                    + said[said.find("NOTIFY sip:"):said.find("transfer failure") + 60], pytrace=False)
    if not re.search(r"NOTIFY sip:t301\S* SIP/2.0", ann.output):
        pytest.fail("no NOTIFY reached Ann's phone:\n" + ann.output[-3000:], pytrace=False)

    cid.mark()
    bob.command("/hangup")
    cid.expect(r"session closed|Call with sip:302@\S+ terminated")
    ended = eventually("the second call ended", lambda: [
        f for f in server.all_events(after=before, stream=f"call/{second['callID']}") if f["type"] == "call.ended"])
    assert ended[0]["payload"]["cause"] == "normal" and ended[0]["payload"]["endedBy"] == "caller", ended
    assert server.get("/api/v1/calls").body["calls"] == []
