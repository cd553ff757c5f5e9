"""E-mail signal destinations (issue 17, points 1, 2 and 4) against a real SMTP server: aiosmtpd
(Debian's python3-aiosmtpd) run by `Tests/ConnectorsTests/smtp_peer.py` on 127.0.0.1, with
STARTTLS and AUTH, or implicit TLS, and a syslog collector as the local destination that sees
what the e-mail destinations report about themselves.

* Refused credentials raise "Send e-mail failed" with Tab. 25's codes (reason 04, action 12
  "Authentication (PLAIN)", e-mail client 4) at the local destination — never at an e-mail one —
  and the batch waits; the right password makes the next round deliver it to every enabled
  e-mail destination and raise "E-mail successfully sent" (0000).
* Each e-mail has a readable subject (system name, severity, count), a body listing the message,
  and a Message-ID derived from the destination and the log positions.
* An untrusted certificate (03), a refused recipient (14, permanent: one attempt per round) and
  implicit TLS each behave as said; rounds run on the virtual clock.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import eventually
from peers import SyslogCollector, make_certificate

PEER = Path(__file__).resolve().parent.parent / "ConnectorsTests" / "smtp_peer.py"
USER = "pbx"
PASSWORD = "mailbox-Pass-7"


class SMTPPeer:
    """aiosmtpd on a free port; `mails` fills with each message it accepts."""

    def __init__(self, *args: str):
        self.proc = subprocess.Popen(["/usr/bin/python3", str(PEER), "--port", "0", *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        ready = json.loads(self.proc.stdout.readline() or '{"ready": false, "error": "no output"}')
        assert ready.get("ready"), f"{ready} {self.proc.stderr.read() if self.proc.poll() is not None else ''}"
        self.port = ready["port"]
        self.mails: list[dict] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.mails.append(json.loads(line))

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def advance(server, seconds: int) -> None:
    r = server.post("/api/v1/clock/advance", {"seconds": seconds})
    assert r.status == 200, r.describe()
    if server.get("/api/v1/session").status == 401:
        server.login()


def mail_outcomes(collector: SyslogCollector) -> list[tuple[str, dict]]:
    return [(m["sd"]["callplane@32473"]["type"], m["sd"].get("params@32473", {})) for m in collector.messages
            if m["sd"]["callplane@32473"]["type"] in ("send_email_failed", "email_successfully_sent")]


def set_smtp(server, port: int, ca_file: str | None, password: str | None = PASSWORD, security: str = "starttls",
             authentication: str = "plain") -> None:
    body = {"host": "127.0.0.1", "port": port, "security": security, "authentication": authentication, "user": USER,
            "sender": "pbx@example.com"}
    if password is not None:
        body["password"] = password
    if ca_file:
        body["caFile"] = ca_file
    r = server.put("/api/v1/email/smtp", body)
    assert r.status == 200 and r.body["passwordSet"] is True and PASSWORD not in json.dumps(r.body), r.describe()


def enable_email(server, collector: SyslogCollector, *mailboxes: str) -> None:
    r = server.patch("/api/v1/destinations/local_1", {"enabled": True, "table": 1, "syslog": {
        "transport": "udp", "host": "127.0.0.1", "port": collector.port}})
    assert r.status == 200, r.describe()
    for number, mailbox in enumerate(mailboxes, start=1):
        r = server.patch(f"/api/v1/destinations/email_{number}", {"enabled": True, "table": 1, "address": mailbox})
        assert r.status == 200, r.describe()
    assert server.put("/api/v1/destination-kinds/email", {"on": True}).status == 200
    rows = {t: {"mode": "every"} for t in ("send_email_failed", "email_successfully_sent", "test_event_message")}
    r = server.patch("/api/v1/event-tables/1", {"rows": rows})
    assert r.status == 200, r.describe()


def simulate(server, type_: str = "test_event_message") -> dict:
    r = server.post("/api/v1/event-messages", {"type": type_, "parameters": {}})
    assert r.status == 201, r.describe()
    return r.body


@pytest.fixture
def certificate(tmp_path):
    return make_certificate(tmp_path / "tls")


def test_refused_credentials_are_reported_with_their_code_and_the_right_ones_deliver_the_backlog(server_factory, certificate):
    cert, key = certificate
    server = server_factory(args=["--virtual-clock"])
    peer = SMTPPeer("--security", "starttls", "--cert", cert, "--key", key, "--user", USER, "--password", PASSWORD)
    try:
        with SyslogCollector("udp") as local:
            set_smtp(server, peer.port, cert, password="not-the-password")
            enable_email(server, local, "ops@example.com", "night@example.com")
            raised = simulate(server)
            failed = eventually("Send e-mail failed at the local destination", lambda: mail_outcomes(local))
            assert failed[0] == ("send_email_failed", {"causeAction": "0412", "emailClient": "4", "additionalInfo": ""}), failed
            status = server.get("/api/v1/destinations/email_1").body["delivery"]
            assert status["reachable"] is False and status["pending"] == 1 and "535" in status["lastError"], status
            assert peer.mails == []

            # The right password; the next round (5 minutes on) delivers the waiting message.
            set_smtp(server, peer.port, cert, password=PASSWORD)
            advance(server, 300)
            mails = eventually("both mailboxes get the e-mail", lambda: peer.mails if len(peer.mails) >= 2 else None, timeout=30)
            assert sorted(m["rcpt_tos"][0] for m in mails) == ["night@example.com", "ops@example.com"], mails
            sent = eventually("E-mail successfully sent", lambda: [o for o in mail_outcomes(local) if o[0] == "email_successfully_sent"])
            assert sent[0][1] == {"causeAction": "0000", "emailClient": "4", "additionalInfo": ""}, sent
            assert server.get("/api/v1/destinations/email_1").body["delivery"]["reachable"] is True
            active = [m["type"] for m in server.get("/api/v1/event-messages/active").body["active"]]
            assert "send_email_failed" not in active, active

            mail = next(m for m in mails if m["rcpt_tos"] == ["ops@example.com"])
            assert mail["mail_from"] == "pbx@example.com" and mail["login"] == USER and mail["tls"] is True, mail
            headers = mail["headers"]
            system = server.get("/api/v1/system/identity").body["name"]
            assert system in headers["subject"] and "1" in headers["subject"], headers
            assert headers["from"] == "pbx@example.com" and headers["to"] == "ops@example.com", headers
            position = raised["position"] if "position" in raised else None
            message_id = headers["message-id"]
            assert re.fullmatch(r"<callplane\.email_1\.\d+-\d+@example\.com>", message_id), message_id
            if position is not None:
                assert f".{position}-{position}@" in message_id, (message_id, raised)
            assert "Test event message" in mail["body"] or "test_event_message" in mail["body"], mail["body"]
            assert mail["defects"] == [], mail
            # The failure and recovery were reported only where they could arrive: no e-mail about them.
            assert not [m for m in peer.mails if "e-mail" in m["headers"]["subject"].lower() and "failed" in m["body"].lower()]
    finally:
        peer.close()


def test_untrusted_certificate_refused_recipient_and_implicit_tls(server_factory, certificate, tmp_path):
    cert, key = certificate
    server = server_factory(args=["--virtual-clock"])
    peer = SMTPPeer("--security", "tls", "--cert", cert, "--key", key, "--user", USER, "--password", PASSWORD)
    try:
        with SyslogCollector("udp") as local:
            # The system's roots do not know the peer's certificate: 03 (no connection).
            set_smtp(server, peer.port, None, security="tls")
            enable_email(server, local, "ops@example.com")
            simulate(server)
            failed = eventually("Send e-mail failed (certificate)", lambda: mail_outcomes(local))
            assert failed[0][1]["causeAction"].startswith("03"), failed
            # Trusting its certificate: implicit TLS delivers at the next round.
            set_smtp(server, peer.port, cert, password=None, security="tls")
            advance(server, 300)
            mail = eventually("the e-mail over implicit TLS", lambda: peer.mails[0] if peer.mails else None, timeout=30)
            assert mail["tls"] is True and mail["login"] == USER, mail
    finally:
        peer.close()

    refusing = SMTPPeer("--reply", "rcpt=550 5.1.1 No such user")
    try:
        with SyslogCollector("udp") as local:
            server.put("/api/v1/email/smtp", {"host": "127.0.0.1", "port": refusing.port, "security": "none",
                                              "sender": "pbx@example.com"})
            enable_email(server, local, "nobody@example.com")
            simulate(server)
            failed = eventually("Send e-mail failed (recipient)", lambda: [o for o in mail_outcomes(local)
                                                                           if o[0] == "send_email_failed"])
            assert failed[-1][1]["causeAction"] == "1405", failed
            status = server.get("/api/v1/destinations/email_1").body["delivery"]
            assert status["reachable"] is False and status["pending"] >= 1 and "barred" in status["lastError"], status
    finally:
        refusing.close()


def test_the_command_line_shows_and_sets_the_smtp_server(server):
    def ok(proc):
        assert proc.returncode == 0, proc.stdout + proc.stderr
        return proc.stdout

    assert ok(server.cli("smtp")).strip() == "not set"
    # The password comes on standard input, never on the command line.
    shown = ok(server.cli("smtp", "--host", "mail.example.com", "--security", "tls", "--auth", "login", "--user", USER,
                          "--sender", "pbx@example.com", input=PASSWORD + "\n"))
    assert shown.splitlines() == ["server\tmail.example.com:465", "security\ttls", "authentication\tlogin as pbx (password stored)",
                                  "sender\tpbx@example.com", "trusts\tthe system's roots"], shown
    events = server.all_events(type="email.smtp.set")
    assert events[-1]["actor"] != "system" and PASSWORD not in json.dumps(events), events
    refused = server.cli("smtp", "--host", "mail.example.com", "--security", "none", "--auth", "plain", "--user", USER,
                         "--sender", "pbx@example.com", "--keep-password")
    assert refused.returncode != 0 and "must not cross the network in clear" in refused.stdout + refused.stderr
    assert server.get("/api/v1/email/smtp").body["security"] == "tls", "a refused change changes nothing"


def test_a_kill_loses_no_e_mail_and_the_backlog_keeps_its_message_ids(server_factory, certificate):
    """Messages raised while the mail server is down wait in the log; a kill -9 of the server
    loses none of them, and after the restart each arrives as the e-mail of its own log
    position (same Message-ID a second send would have)."""
    cert, key = certificate
    server = server_factory(args=["--virtual-clock"])
    with SyslogCollector("udp") as local:
        # The mail server is down: its port refuses connections (03, no connection).
        down = SMTPPeer()
        port = down.port
        down.close()
        set_smtp(server, port, cert)
        enable_email(server, local, "ops@example.com")
        raised = [simulate(server) for _ in range(3)]
        failed = eventually("Send e-mail failed (no connection)", lambda: mail_outcomes(local), timeout=30)
        assert failed[0][1]["causeAction"] == "0301", failed
        server.kill9()
        server.start()
        up = SMTPPeer("--port", str(port), "--security", "starttls", "--cert", cert, "--key", key, "--user", USER,
                      "--password", PASSWORD)
        try:
            # The first round after the restart may have come before the mail server was back;
            # the next is due 5 minutes later on the new process's clock.
            advance(server, 600)
            wanted = {m["number"] for m in raised}

            def listed() -> set[int]:
                return {int(n) for mail in up.mails for n in re.findall(r"^#(\d+) ", mail["body"], re.M)}
            eventually("the backlog arrives", lambda: wanted <= listed(), timeout=60)
            # One e-mail per batch, named by the positions it covers: the raised ones among them.
            spans = [tuple(map(int, re.search(r"\.(\d+)-(\d+)@", m["headers"]["message-id"]).groups())) for m in up.mails]
            for message in raised:
                assert any(first <= message["position"] <= last for first, last in spans), (message, spans)
            assert server.get("/api/v1/destinations/email_1").body["delivery"]["pending"] == 0
        finally:
            up.close()
