"""SIP trunks against sipp as the provider's registrar (issue 16, point 1; RFC 3261 §10.2;
manual Tab. 24): an account registers with digest, a refused registration raises "SIP account
not available" with cause 1, the accepted one "SIP account available", and a provider that falls
silent "not available" with cause 0 — each exactly once, on the change, with the retries and
refreshes on the virtual clock.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from conftest import HOST, eventually, free_udp_tcp_port

SCENARIOS = Path(__file__).resolve().parent / "sipp"
USER = "0441234500"
PASSWORD = "pr0vider-pass"


class Registrar:
    """sipp running `provider_registrar.xml` once, in the background, on its own port (UDP, or
    TCP with `transport="t1"`: sipp then listens and the server connects)."""

    def __init__(self, port: int, tmp_path: Path, transport: str = "u1"):
        if shutil.which("sipp") is None:
            pytest.fail("sipp is missing: ops/install-deps installs Debian's sip-tester")
        self.tmp_path = tmp_path
        self.proc = subprocess.Popen(
            ["sipp", "-sf", str(SCENARIOS / "provider_registrar.xml"), "-i", HOST, "-p", str(port), "-m", "1", "-t", transport,
             "-key", "user", USER, "-key", "password", PASSWORD, "-timeout", "30s", "-timeout_error", "-nostdin",
             "-trace_err", "-error_file", str(tmp_path / "sipp-registrar.err"), "-trace_msg", "-message_file",
             str(tmp_path / "sipp-registrar.msg")],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path, stdin=subprocess.DEVNULL)

    def finish(self) -> str:
        out, err = self.proc.communicate(timeout=40)
        messages = self.tmp_path / "sipp-registrar.msg"
        assert self.proc.returncode == 0, f"sipp exit {self.proc.returncode}\n{out[-2000:]}\n{err[-2000:]}"
        return messages.read_text(errors="replace") if messages.exists() else ""


class SilentProvider:
    """A UDP socket on the provider's port that reads every datagram and answers none."""

    def __init__(self, port: int):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((HOST, port))
        self.sock.settimeout(0.2)
        self.datagrams: list[bytes] = []
        self.running = True
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        while self.running:
            try:
                data, _ = self.sock.recvfrom(65536)
                self.datagrams.append(data)
            except socket.timeout:
                continue
            except OSError:
                return

    def close(self) -> None:
        self.running = False
        self.thread.join(timeout=2)
        self.sock.close()


def trunk_messages(server, after: int = 0) -> list[dict]:
    return [e["payload"] for e in server.all_events(after=after, type="eventmessage.occurred")
            if e["payload"].get("type", "").startswith("sip_account_")]


def summary(message: dict) -> tuple:
    parameters = message.get("parameters", {})
    return (message["type"], parameters.get("provider"), parameters.get("account"), parameters.get("cause"))


def registration(server) -> dict:
    listed = server.get("/api/v1/trunks/registrations").body["registrations"]
    assert len(listed) == 1, listed
    return listed[0]


@pytest.fixture
def clocked(server_factory):
    return server_factory(args=["--virtual-clock"])


def test_a_refused_then_accepted_then_silent_provider_raises_each_change_once(clocked, tmp_path):
    server = clocked
    port = free_udp_tcp_port([server.sip_port])
    registrar = Registrar(port, tmp_path)
    before = server.head()
    r = server.put("/api/v1/trunks/providers/1", {"name": "Carrier", "host": HOST, "port": port, "registerIntervalSeconds": 600})
    assert r.status == 200, r.describe()
    # The password the provider does not know: its registrar answers the digest with 403.
    r = server.put("/api/v1/trunks/accounts/1", {"provider": 1, "user": USER, "password": "not-the-password",
                                                 "ddis": ["0441234500-0441234599"], "channels": 4})
    assert r.status == 200 and "password" not in r.body, r.describe()
    registrar.finish()
    refused = eventually("SIP account not available (cause 1)", lambda: trunk_messages(server, before))
    assert [summary(m) for m in refused] == [("sip_account_not_available", "Carrier", USER, "1")], refused
    state = registration(server)
    assert (state["phase"], state["availability"], state["cause"], state["failures"]) == ("waiting", "not_available", 1, 1), state
    assert state["lastOutcome"] == "403 Forbidden", state

    # The administrator puts in the right password: the account registers at once, and sipp's
    # verifyauth accepts our digest.
    registrar = Registrar(port, tmp_path)
    r = server.put("/api/v1/trunks/accounts/1", {"provider": 1, "user": USER, "password": PASSWORD,
                                                 "ddis": ["0441234500-0441234599"], "channels": 4})
    assert r.status == 200, r.describe()
    trace = registrar.finish()
    accepted = eventually("SIP account available", lambda: trunk_messages(server, before)[1:])
    assert [summary(m) for m in accepted] == [("sip_account_available", "Carrier", USER, None)], accepted
    state = registration(server)
    assert (state["phase"], state["availability"], state["lastOutcome"]) == ("registered", "available", "200 OK"), state
    active = server.get("/api/v1/event-messages/active").body
    assert not [m for m in active["active"] if m["type"].startswith("sip_account")], active
    assert f"Authorization: Digest username=\"{USER}\"" in trace, trace[-3000:]
    assert f"REGISTER sip:{HOST}:{port} SIP/2.0" in trace, trace[-3000:]

    # The provider falls silent. Nothing happens until the refresh is due (a minute before the
    # 600 s run out); then the REGISTER goes unanswered (Timer F) and cause 0 is raised once.
    silent = SilentProvider(port)
    try:
        server.post("/api/v1/clock/advance", {"seconds": 530})
        assert trunk_messages(server, before)[2:] == []
        assert registration(server)["phase"] == "registered"
        server.post("/api/v1/clock/advance", {"seconds": 10})
        down = eventually("SIP account not available (cause 0)", lambda: trunk_messages(server, before)[2:], timeout=60)
        assert [summary(m) for m in down] == [("sip_account_not_available", "Carrier", USER, "0")], down
        register = silent.datagrams[0].decode(errors="replace")
        assert register.startswith(f"REGISTER sip:{HOST}:{port} SIP/2.0\r\n"), register
        assert f"Contact: <sip:{USER}@{HOST}:{server.sip_port}>" in register and "Expires: 600" in register, register
        # UDP retransmissions of that one REGISTER (Timer E) share its branch, so one attempt.
        assert len({line for d in silent.datagrams for line in d.decode(errors="replace").split("\r\n") if line.startswith("CSeq:")}) == 1
    finally:
        silent.close()
    # The retry 30 s later fails the same way: no second message.
    server.post("/api/v1/clock/advance", {"seconds": 31})
    eventually("the retry ran", lambda: registration(server)["failures"] == 2, timeout=60)
    assert len(trunk_messages(server, before)) == 3


def test_trunk_settings_are_refused_by_rule_and_the_password_never_shown(server, tmp_path):
    r = server.put("/api/v1/trunks/providers/1", {"name": "Carrier", "host": "sip.carrier.example", "transport": "tcp",
                                                  "caFile": "/etc/ssl/certs/ca-certificates.crt"})
    assert r.status == 422 and r.body["details"]["field"] == "caFile", r.describe()
    r = server.put("/api/v1/trunks/providers/1", {"name": "Carrier", "host": "sip.carrier.example", "transport": "sctp"})
    assert r.status == 422 and r.body["details"]["field"] == "transport", r.describe()
    r = server.put("/api/v1/trunks/providers/11", {"name": "Carrier", "host": "sip.carrier.example"})
    assert r.status == 422, r.describe()
    r = server.put("/api/v1/trunks/providers/1", {"name": "Carrier", "host": "sip.carrier.example", "colour": "red"})
    assert r.status == 422 and r.body["code"] == "unknown_field" and r.body["details"]["field"] == "colour", r.describe()
    assert server.put("/api/v1/trunks/providers/1", {"name": "Carrier", "host": "sip.carrier.example",
                                                     "registrationRequired": False}).status == 200
    r = server.put("/api/v1/trunks/accounts/1", {"provider": 1, "user": USER, "password": PASSWORD, "channels": 241})
    assert r.status == 422 and r.body["details"]["limit"] == "sip_access_channels", r.describe()
    r = server.put("/api/v1/trunks/accounts/1", {"provider": 1, "user": USER, "password": PASSWORD, "ddis": ["12-345"]})
    assert r.status == 422 and r.body["details"]["field"] == "ddis", r.describe()
    r = server.put("/api/v1/trunks/accounts/1", {"provider": 1, "user": USER, "password": PASSWORD})
    assert r.status == 200 and r.body["channels"] == 2, r.describe()
    assert PASSWORD not in str(server.get("/api/v1/trunks/accounts").body)
    events = server.all_events(type="trunk.account.set")
    assert events and PASSWORD not in str(events) and events[-1]["payload"]["password"] == "[sealed]", events
    assert server.delete("/api/v1/trunks/providers/1").status == 409
    # A provider that needs no registration registers nothing.
    assert server.get("/api/v1/trunks/registrations").body["registrations"] == []
    assert server.delete("/api/v1/trunks/accounts/1").status == 204
    assert server.delete("/api/v1/trunks/providers/1").status == 204


def header(message: str, name: str) -> str:
    for line in message.split("\r\n"):
        if line.lower().startswith(name.lower() + ":"):
            return line.split(":", 1)[1].strip()
    return ""


def test_a_deleted_account_removes_its_binding_at_the_provider(server, tmp_path):
    port = free_udp_tcp_port([server.sip_port])
    registrar = Registrar(port, tmp_path)
    assert server.put("/api/v1/trunks/providers/1", {"name": "Carrier", "host": HOST, "port": port}).status == 200
    assert server.put("/api/v1/trunks/accounts/1", {"provider": 1, "user": USER, "password": PASSWORD}).status == 200
    trace = registrar.finish()
    eventually("registered", lambda: registration(server)["phase"] == "registered")
    # A first success is no change: nothing is raised.
    assert trunk_messages(server) == []
    registered = [m for m in trace.split("\n\n") if "REGISTER sip:" in m and "Authorization:" in m]
    assert registered, trace[-3000:]
    call_id = header(registered[-1].replace("\n", "\r\n"), "Call-ID")
    silent = SilentProvider(port)
    try:
        assert server.delete("/api/v1/trunks/accounts/1").status == 204
        removal = eventually("the REGISTER with Expires 0", lambda: [d.decode(errors="replace") for d in silent.datagrams])[0]
        assert header(removal, "Expires") == "0" and header(removal, "Call-ID") == call_id, removal
        assert header(removal, "Contact") == f"<sip:{USER}@{HOST}:{server.sip_port}>", removal
        assert int(header(removal, "CSeq").split()[0]) > 2, removal
    finally:
        silent.close()
    assert server.get("/api/v1/trunks/registrations").body["registrations"] == []


def test_a_stopping_server_removes_its_bindings_at_the_provider(server, tmp_path):
    """At a graceful stop (SIGTERM) each registered account sends REGISTER with Expires 0
    (RFC 3261 §10.2.2) before the SIP listeners close, so the provider stops sending calls to a
    system that is gone; the stop still ends promptly when the provider does not answer."""
    port = free_udp_tcp_port([server.sip_port])
    registrar = Registrar(port, tmp_path)
    assert server.put("/api/v1/trunks/providers/1", {"name": "Carrier", "host": HOST, "port": port}).status == 200
    assert server.put("/api/v1/trunks/accounts/1", {"provider": 1, "user": USER, "password": PASSWORD}).status == 200
    registrar.finish()
    eventually("registered", lambda: registration(server)["phase"] == "registered")
    silent = SilentProvider(port)
    try:
        started = time.monotonic()
        assert server.stop() == 0
        assert time.monotonic() - started < 10, "an unanswered removal held up the stop"
        removals = [d.decode(errors="replace") for d in silent.datagrams]
    finally:
        silent.close()
    assert removals and header(removals[0], "Expires") == "0", removals
    assert header(removals[0], "Contact") == f"<sip:{USER}@{HOST}:{server.sip_port}>", removals[0]


class Provider:
    """sipp as the provider's proxy taking `calls` calls (`provider_call_uas.xml`), over UDP or,
    with `transport="t1"`, TCP."""

    def __init__(self, tmp_path: Path, calls: int = 1, transport: str = "u1"):
        if shutil.which("sipp") is None:
            pytest.fail("sipp is missing: ops/install-deps installs Debian's sip-tester")
        self.port = free_udp_tcp_port()
        self.dir = tmp_path / f"provider-{self.port}"
        self.dir.mkdir()
        self.proc = subprocess.Popen(
            ["sipp", "-sf", str(SCENARIOS / "provider_call_uas.xml"), "-i", HOST, "-p", str(self.port), "-m", str(calls), "-t", transport,
             "-key", "user", USER, "-key", "password", PASSWORD, "-timeout", "40s", "-timeout_error", "-nostdin",
             "-trace_err", "-trace_logs", "-trace_msg"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=self.dir, stdin=subprocess.DEVNULL)

    def finish(self) -> str:
        out, err = self.proc.communicate(timeout=60)
        logs = "".join(p.read_text(errors="replace") for p in self.dir.glob("*_logs.log"))
        assert self.proc.returncode == 0, f"provider sipp exit {self.proc.returncode}\n{out[-2000:]}\n{err[-2000:]}\n{logs[-2000:]}"
        return logs

    def messages(self) -> str:
        """Every message sipp sent and received (`-trace_msg`)."""
        return "".join(p.read_text(errors="replace") for p in self.dir.glob("*_messages.log"))


@pytest.fixture
def office(server_factory):
    """A user with a terminal and a trunk whose provider needs no registration (the calls are
    what is tested); sipp answers MD5 challenges only, so MD5 is offered first."""
    from test_sip_registrar import PASSWORD as TERMINAL_PASSWORD
    server = server_factory(args=["--sip-digest-algorithms", "MD5,SHA-256"])
    server.create_user("201", "Ann Caller")
    server.create_terminal("t201", password=TERMINAL_PASSWORD, userNumber="201")
    return server


def configure_trunk(server, port: int, channels: int = 1, transport: str = "udp") -> None:
    r = server.put("/api/v1/trunks/providers/1", {"name": "Carrier", "host": HOST, "port": port, "registrationRequired": False,
                                                  "transport": transport})
    assert r.status == 200, r.describe()
    r = server.put("/api/v1/trunks/accounts/1", {"provider": 1, "user": USER, "password": PASSWORD, "channels": channels,
                                                 "ddis": ["0441234500-0441234599"]})
    assert r.status == 200, r.describe()


def test_an_outside_call_goes_out_on_the_trunk_with_the_account_as_caller(office, tmp_path):
    from test_sip_calls import call, call_facts, ended_fact
    from test_sip_registrar import said
    server = office
    provider = Provider(tmp_path)
    configure_trunk(server, provider.port)
    before = server.head()
    run = call(server, "call_uac.xml", "00449876543", tmp_path)
    logs = provider.finish()
    assert run.returncode == 0, said(run, tmp_path)
    # The exchange access code is not sent; the account's number is the caller, and the
    # provider's digest check (verifyauth) accepted the account's credentials.
    assert f"called 0449876543 presented <sip:{USER}@{HOST}>" in logs, logs[-2000:]
    ended = ended_fact(server, before)
    facts = call_facts(server, before)
    assert [f["type"] for f in facts] == ["call.started", "call.answered", "call.ended"], facts
    started = facts[0]["payload"]
    assert (started["caller"], started["dialled"], started["kind"]) == ("201", "00449876543", "outgoing"), started
    assert ended["payload"]["cause"] == "normal", ended


def test_an_outside_call_presents_the_callers_ddi_from_the_ddi_plan(office, tmp_path):
    """Issue 16 point 2: the caller's DDI is the presented number — the DDI plan's row for the
    caller among the account's DDIs — rather than the account's own number."""
    from test_sip_calls import call
    from test_sip_registrar import said
    server = office
    provider = Provider(tmp_path)
    configure_trunk(server, provider.port)
    r = server.put("/api/v1/trunks/ddi-plan", {"assignments": [{"ddi": "0441234510-0441234519", "user": "201"},
                                                               {"ddi": "0441234501", "user": "201"}]})
    assert r.status == 200, r.describe()
    run = call(server, "call_uac.xml", "00449876543", tmp_path)
    logs = provider.finish()
    assert run.returncode == 0, said(run, tmp_path)
    assert f"called 0449876543 presented <sip:0441234501@{HOST}>" in logs, logs[-2000:]


def test_seized_channels_refuse_with_system_overload_but_an_emergency_call_still_goes_out(office, tmp_path):
    from test_sip_calls import call
    from test_sip_registrar import said
    server = office
    provider = Provider(tmp_path, calls=2)
    configure_trunk(server, provider.port, channels=1)
    # The one channel is held by a long call.
    held_dir = tmp_path / "held"
    held_dir.mkdir()
    held = call(server, "call_uac.xml", "00449876543", held_dir, talk_ms=6000, wait=False)
    eventually("the first call is connected", lambda: len(server.get("/api/v1/calls").body["calls"]) == 1
               and server.get("/api/v1/calls").body["calls"][0].get("answeredAt"))
    limits = {l["limit"]: l for l in server.get("/api/v1/capacity").body["limits"]}
    assert (limits["sip_access_channels"]["used"], limits["sip_access_channels"]["max"]) == (1, 240), limits["sip_access_channels"]
    before = server.head()
    refused = call(server, "call_uac_refused.xml", "00441111111", tmp_path, expected=503)
    assert refused.returncode == 0, said(refused, tmp_path)
    overload = eventually("System overload", lambda: [e["payload"] for e in server.all_events(after=before, type="eventmessage.occurred")
                                                      if e["payload"]["type"] == "system_overload"])
    assert overload[0]["parameters"] == {"routeNumber": "1", "userNumber": "201"}, overload
    # 112 is dialled without the access code and goes out on the seized account all the same.
    emergency_dir = tmp_path / "emergency"
    emergency_dir.mkdir()
    emergency = call(server, "call_uac.xml", "112", emergency_dir)
    assert emergency.returncode == 0, said(emergency, emergency_dir)
    assert held.wait(timeout=60) == 0
    logs = provider.finish()
    assert "called 112 presented" in logs and "called 0449876543 presented" in logs, logs[-2000:]
    assert "0441111111" not in logs
    eventually("the channels are free again", lambda: {l["limit"]: l["used"] for l in server.get("/api/v1/capacity").body["limits"]}
               ["sip_access_channels"] == 0)


def test_a_call_from_the_provider_to_a_ddi_rings_the_user_of_the_ddi_plan(office, tmp_path):
    import time
    from test_sip_calls import Callee, call_facts, ended_fact, register_for
    from test_sip_registrar import PASSWORD as TERMINAL_PASSWORD, said
    server = office
    server.create_user("202", "Bob Callee")
    server.create_terminal("t202", password=TERMINAL_PASSWORD, userNumber="202")
    callee = Callee("call_uas.xml", tmp_path, "callee")
    register_for(server, "t202", callee.port)
    provider_port = free_udp_tcp_port([server.sip_port, callee.port])
    configure_trunk(server, provider_port, channels=2)
    r = server.put("/api/v1/trunks/ddi-plan", {"assignments": [{"ddi": "0441234502", "user": "202"}]})
    assert r.status == 200 and r.body["assignments"] == [{"ddi": "0441234502", "user": "202"}], r.describe()
    # The trunk learns the provider's address when the configuration is published (a literal
    # address resolves at once); give that its quarter of a second.
    time.sleep(1.0)
    before = server.head()
    run = subprocess.run(
        ["sipp", f"{HOST}:{server.sip_port}", "-sf", str(SCENARIOS / "provider_call_uac.xml"), "-s", "0441234502", "-m", "1",
         "-i", HOST, "-p", str(provider_port), "-t", "u1", "-d", "300", "-timeout", "25s", "-timeout_error", "-nostdin",
         "-trace_err", "-error_file", str(tmp_path / "sipp-provider.err")],
        capture_output=True, text=True, timeout=60, cwd=tmp_path, stdin=subprocess.DEVNULL)
    answered = callee.wait()
    assert run.returncode == 0, said(run, tmp_path)
    assert answered.returncode == 0, f"{answered.stdout[-2000:]}{answered.stderr[-2000:]}"
    # The phone is shown the outside caller's number and name as the provider gave them.
    assert "caller Outside Caller 0449876543 in" in callee.logs(), callee.logs()[-2000:]
    ended = ended_fact(server, before)
    started = call_facts(server, before)[0]["payload"]
    assert (started.get("caller"), started.get("callerTerminal"), started["callee"], started["dialled"], started["kind"]) == (
        None, None, "202", "0441234502", "incoming"), started
    assert ended["payload"]["cause"] == "normal" and ended["payload"]["endedBy"] == "caller", ended
    # A user the plan names cannot be deleted; nor can the account's DDIs be narrowed under the row.
    assert server.delete("/api/v1/users/202").body.get("code") in ("user_has_terminals", "user_has_ddi")
    r = server.put("/api/v1/trunks/accounts/1", {"provider": 1, "user": USER, "channels": 2, "ddis": ["0441234600-0441234699"]})
    assert r.status == 409 and r.body["code"] == "ddi_in_plan", r.describe()


def test_a_ddi_plan_of_the_manuals_4000_rows_is_taken_in_one_request(server):
    """Manual Tab. 13: 4,000 DDI numbers. One row per number is the largest plan an
    administrator can send, about 150 KiB of JSON — more than the API's body limit used to be."""
    server.create_user("101", "Reception")
    server.create_user("102", "Sales")
    assert server.put("/api/v1/trunks/providers/1", {"name": "Carrier", "host": "sip.carrier.example",
                                                     "registrationRequired": False}).status == 200
    r = server.put("/api/v1/trunks/accounts/1", {"provider": 1, "user": USER, "password": PASSWORD, "ddis": ["0441230000-0441233999"]})
    assert r.status == 200, r.describe()
    rows = [{"ddi": f"044123{n:04d}", "user": "101" if n % 2 else "102"} for n in range(4000)]
    r = server.put("/api/v1/trunks/ddi-plan", {"assignments": rows, "defaultDestination": "101"})
    assert r.status == 200 and len(r.body["assignments"]) == 4000, r.describe()
    assert server.get("/api/v1/trunks/ddi-plan").body["assignments"][3999] == {"ddi": "0441233999", "user": "101"}


def test_the_command_line_configures_and_shows_the_trunks(server):
    def ok(proc):
        assert proc.returncode == 0, proc.stdout + proc.stderr
        return proc.stdout

    server.create_user("101", "Reception")
    line = ok(server.cli("trunks", "set-provider", "1", "--name", "Carrier", "--host", "sip.carrier.example", "--no-registration"))
    assert line.split("\t")[:5] == ["1", "Carrier", "sip.carrier.example:5060", "udp", "no registration"], line
    line = ok(server.cli("trunks", "set-provider", "2", "--name", "Secure", "--host", "sips.carrier.example", "--no-registration",
                         "--transport", "tls", "--ca-file", "/etc/ssl/certs/ca-certificates.crt"))
    fields = line.rstrip("\n").split("\t")
    assert fields[2:4] == ["sips.carrier.example:5061", "tls"] and fields[-1] == "trusts /etc/ssl/certs/ca-certificates.crt", line
    refused = server.cli("trunks", "set-provider", "2", "--name", "Secure", "--host", "sips.carrier.example", "--transport", "sctp")
    assert refused.returncode != 0 and "--transport must be one of udp, tcp, tls" in refused.stdout + refused.stderr
    refused = server.cli("trunks", "set-provider", "2", "--name", "Secure", "--host", "sips.carrier.example", "--ca-file", "/etc/ca.pem")
    assert refused.returncode != 0 and "applies to transport tls only" in refused.stdout + refused.stderr
    assert server.delete("/api/v1/trunks/providers/2").status == 204
    # The password comes on standard input, never on the command line.
    line = ok(server.cli("trunks", "set-account", "1", "--provider", "1", "--user", USER, "--ddi", "0441234500-0441234599",
                         "--channels", "4", input=PASSWORD + "\n"))
    assert line.split("\t") == ["1", "1", USER, "4 channels", "0441234500-0441234599\n"], line
    events = server.all_events(type="trunk.account.set")
    assert events[-1]["payload"]["password"] == "[sealed]" and events[-1]["actor"] != "system", events[-1]
    assert PASSWORD not in ok(server.cli("trunks", "accounts"))
    # --keep-password reads nothing and keeps the sealed password.
    ok(server.cli("trunks", "set-account", "1", "--provider", "1", "--user", USER, "--ddi", "0441234500-0441234599",
                  "--channels", "6", "--keep-password"))
    assert len(server.all_events(type="trunk.account.set")) == 2
    assert "exchange access code\t9" in ok(server.cli("trunks", "routing", "--code", "9"))
    plan = ok(server.cli("trunks", "ddi-plan", "--replace", "--row", "0441234500=101", "--default", "101"))
    assert plan.splitlines() == ["0441234500\t101", "default\t101"], plan
    refused = server.cli("trunks", "ddi-plan", "--replace", "--row", "0449999999=101")
    assert refused.returncode != 0 and "not within the DDIs" in refused.stdout + refused.stderr, refused.stdout + refused.stderr
    assert ok(server.cli("trunks", "registrations")) == "", "a provider without registration registers nothing"
    denied = server.cli("trunks", "delete-provider", "1")
    assert denied.returncode != 0 and "provider_in_use" in denied.stdout + denied.stderr
