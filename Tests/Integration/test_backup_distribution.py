"""Issue 18, point 4 (manual §5.6.4.2): the distribution service copies each auto backup to an
FTP server and sends it by e-mail — against real peers on 127.0.0.1, pyftpdlib with explicit
FTPS (AUTH TLS and PROT P required) and aiosmtpd — with its test button, a failure of each channel
raised as an event message ("Auto backup failed" step ftp; "Send e-mail failed" of e-mail client
2, Tab. 25), and the copies that could not be delivered sent later and the failures cleared.
"""

from __future__ import annotations

import base64
import hashlib

from conftest import eventually
from peers import FTPPeer, make_certificate
from test_email import SMTPPeer, advance

PASSPHRASE = "a distribution test passphrase"
FTP_USER, FTP_PASSWORD = "pbx-backup", "nas-Pass-41"


def _active(srv, type_: str) -> list[dict]:
    return [m for m in srv.get("/api/v1/event-messages/active").body["active"] if m["type"] == type_]


def _day_archives(srv) -> list:
    day = srv.data_dir / "backup" / "day"
    return sorted(p for p in day.iterdir() if p.suffix == ".zip") if day.is_dir() else []


def test_each_auto_backup_reaches_the_ftp_server_and_the_mailbox_and_an_outage_is_reported_and_made_up(server_factory, tmp_path):
    cert, key = make_certificate(tmp_path / "tls")
    home = tmp_path / "ftp-home"
    home.mkdir()
    srv = server_factory(args=["--virtual-clock"])
    ftp = FTPPeer(home, FTP_USER, FTP_PASSWORD, cert=cert, key=key).start()
    smtp = SMTPPeer("--security", "none")
    try:
        r = srv.put("/api/v1/email/smtp", {"host": "127.0.0.1", "port": smtp.port, "security": "none", "sender": "pbx@example.com"})
        assert r.status == 200, r.describe()
        settings = {"autoBackup": False, "passphrase": PASSPHRASE, "emailRecipient": "it@example.com",
                    "ftp": {"host": "127.0.0.1", "port": ftp.port, "security": "explicit_tls", "user": FTP_USER,
                            "password": FTP_PASSWORD, "directory": "pbx/backups", "caFile": cert}}
        r = srv.put("/api/v1/backup/settings", settings)
        assert r.status == 200, r.describe()

        # The test button: a file over FTPS, an e-mail; nothing recorded.
        head = srv.head()
        r = srv.post("/api/v1/backup/distribution/test")
        assert r.status == 200, r.describe()
        assert r.body == {"ftp": {"configured": True, "delivered": True, "error": None},
                          "email": {"configured": True, "delivered": True, "error": None}}, r.body
        [test_file] = ftp.wait_for(1)
        assert test_file["path"] == "pbx/backups/callplane-distribution-test.txt" and test_file["tls"] and test_file["tls_data"], test_file
        eventually("the test e-mail", lambda: len(smtp.mails) == 1)
        assert smtp.mails[0]["attachments"] == [] and smtp.mails[0]["rcpt_tos"] == ["it@example.com"]
        assert srv.head() == head

        # The auto backup on: today's run is made at once and distributed.
        settings.update(autoBackup=True, time="00:00")
        del settings["passphrase"], settings["ftp"]["password"]
        assert srv.put("/api/v1/backup/settings", settings).status == 200
        [archive] = eventually("the first archive", lambda: _day_archives(srv), timeout=30)
        digest = hashlib.sha256(archive.read_bytes()).hexdigest()
        [_, copied] = ftp.wait_for(2)
        assert copied["path"] == f"pbx/backups/{archive.name}" and copied["from"] == f"pbx/backups/{archive.name}.part", copied
        assert copied["sha256"] == digest
        eventually("the backup e-mail", lambda: len(smtp.mails) == 2)
        [attachment] = smtp.mails[1]["attachments"]
        assert attachment["filename"] == archive.name and attachment["content_type"] == "application/zip", attachment
        assert hashlib.sha256(base64.b64decode(attachment["content"])).hexdigest() == digest
        assert smtp.mails[1]["defects"] == []

        # Both peers down for the next day's run: each channel's failure is raised once.
        port = ftp.port
        ftp.stop()
        smtp.close()
        advance(srv, 24 * 3600)
        [ftp_failure] = eventually("auto_backup_failed", lambda: _active(srv, "auto_backup_failed"), timeout=30)
        assert ftp_failure["parameters"]["step"] == "ftp", ftp_failure
        [mail_failure] = eventually("send_email_failed", lambda: _active(srv, "send_email_failed"), timeout=30)
        assert mail_failure["parameters"]["emailClient"] == "2", mail_failure
        second = _day_archives(srv)[-1]
        assert second != archive
        assert (srv.data_dir / "backup" / "distribution.pending").read_text().count(second.name) == 2

        # Back (FTP on its port, the mail server elsewhere): the next retry delivers both
        # copies and clears both failures.
        ftp = FTPPeer(home, FTP_USER, FTP_PASSWORD, cert=cert, key=key, port=port).start()
        smtp = SMTPPeer("--security", "none")
        r = srv.put("/api/v1/email/smtp", {"host": "127.0.0.1", "port": smtp.port, "security": "none", "sender": "pbx@example.com"})
        assert r.status == 200, r.describe()
        advance(srv, 15 * 60)
        [delivered] = ftp.wait_for(1)
        assert delivered["path"] == f"pbx/backups/{second.name}"
        assert delivered["sha256"] == hashlib.sha256(second.read_bytes()).hexdigest()
        eventually("the made-up e-mail", lambda: len(smtp.mails) == 1)
        assert smtp.mails[0]["attachments"][0]["filename"] == second.name
        eventually("both failures to clear", lambda: not _active(srv, "auto_backup_failed") and not _active(srv, "send_email_failed"), timeout=30)
        cleared = srv.all_events(type="eventmessage.")
        assert any(e["payload"].get("type") == "auto_backup_successful" for e in cleared), "no auto_backup_successful"
        assert any(e["payload"].get("type") == "email_successfully_sent" for e in cleared), "no email_successfully_sent"
        assert (srv.data_dir / "backup" / "distribution.pending").read_text() == "[]"
    finally:
        ftp.stop()
        smtp.close()
