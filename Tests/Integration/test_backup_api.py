"""Issue 18 through the API (manual §5.6.4, WebAdmin "Maintenance / Data backup"): the data
backup settings in the log with their secrets sealed, a manual backup of the running server
that the command-line tool verifies, its download and deletion recorded with the
administrator's name, and the auto backup on virtual time — its archives in day/, week/ and
month/, a failing run raised as "Auto backup failed" and cleared by the next good one.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from conftest import cli_output, eventually, run_cli

PASSPHRASE = "an api backup passphrase"


def _key() -> str:
    return str(uuid.uuid4())


def test_settings_keep_their_secrets_sealed_and_refuse_what_breaks_a_rule(server_factory):
    srv = server_factory()
    r = srv.get("/api/v1/backup/settings")
    assert r.status == 200, r.describe()
    assert r.body["autoBackup"] is False and r.body["time"] == "02:00" and r.body["passphraseSet"] is False
    assert (r.body["keepDays"], r.body["keepWeeks"], r.body["keepMonths"]) == (7, 5, 12)
    before = srv.head()
    refusals = [
        ({"autoBackup": True}, "passphrase"),  # nothing to seal the archives with
        ({"passphrase": "short"}, "backup_passphrase_length"),
        ({"time": "24:00"}, "time"),
        ({"keepDays": 63}, "backup_keep_days"),
        ({"emailRecipient": "it@example.com"}, "SMTP server"),
        ({"ftp": {"host": "nas.example.com", "user": "pbx"}}, "ftp.password"),
        ({"ftp": {"host": "nas.example.com", "user": "pbx", "password": "x", "directory": "../etc"}}, "ftp.directory"),
        ({"ftp": {"host": "nas.example.com", "user": "pbx", "password": "x"}, "unknown": 1}, "unknown"),
    ]
    for body, named in refusals:
        r = srv.put("/api/v1/backup/settings", body)
        assert r.status == 422 and named in r.raw.decode(), (body, r.describe())
    assert srv.head() == before, "a refused change appended something"

    r = srv.put("/api/v1/backup/settings", {"autoBackup": True, "time": "03:45", "keepDays": 3, "passphrase": PASSPHRASE,
                                            "ftp": {"host": "nas.example.com", "user": "pbx", "password": "nas-secret-1",
                                                    "directory": "pbx/daily"}})
    assert r.status == 200, r.describe()
    assert r.body["passphraseSet"] and r.body["ftp"]["passwordSet"] and r.body["ftp"]["port"] == 21
    assert r.body["ftp"]["security"] == "explicit_tls" and r.body["time"] == "03:45"
    shown = r.raw.decode()
    assert PASSPHRASE not in shown and "nas-secret-1" not in shown
    # The event in the log carries them sealed, and names who changed the settings.
    [event] = srv.all_events(type="backup.settings.set")
    assert event["actor"] == "admin", event
    assert PASSPHRASE not in str(event) and "nas-secret-1" not in str(event)
    # Absent secrets are kept; the same settings again append nothing.
    head = srv.head()
    r = srv.put("/api/v1/backup/settings", {"autoBackup": True, "time": "03:45", "keepDays": 3,
                                            "ftp": {"host": "nas.example.com", "user": "pbx", "directory": "pbx/daily"}})
    assert r.status == 200 and r.body["passphraseSet"] and r.body["ftp"]["passwordSet"], r.describe()
    assert srv.head() == head


def test_a_manual_backup_of_the_running_server_verifies_downloads_and_is_deleted_on_record(server_factory, tmp_path):
    srv = server_factory()
    for i in range(5):
        assert srv.create_user(f"4{i:02d}", f"User {i}").status == 201
    # Without a passphrase and none configured: refused, nothing written.
    r = srv.post("/api/v1/backups", {}, idempotency_key=_key())
    assert r.status == 422 and "passphrase" in r.raw.decode(), r.describe()
    assert srv.get("/api/v1/backups").body["backups"] == []

    head = srv.head()
    r = srv.post("/api/v1/backups", {"passphrase": PASSPHRASE}, idempotency_key=_key())
    assert r.status == 201, r.describe()
    made = r.body
    assert made["folder"] == "manual" and made["name"].endswith(".zip") and made["bytes"] > 0
    assert r.headers["location"] == made["href"]
    [listed] = srv.get("/api/v1/backups").body["backups"]
    assert listed == made
    on_disk = srv.data_dir / "backup" / "manual" / made["name"]
    assert on_disk.stat().st_size == made["bytes"]

    download = srv.get(made["href"])
    assert download.status == 200 and download.headers["content-type"] == "application/zip", download.describe()
    assert hashlib.sha256(download.raw).digest() == hashlib.sha256(on_disk.read_bytes()).digest()
    copy = tmp_path / "downloaded.zip"
    copy.write_bytes(download.raw)
    checked = run_cli("backup", "verify", str(copy), "--passphrase-stdin", input=PASSPHRASE + "\n")
    assert checked.returncode == 0, cli_output(checked)
    assert f"head\t{head}" in checked.stdout or str(head) in checked.stdout, checked.stdout
    wrong = run_cli("backup", "verify", str(copy), "--passphrase-stdin", input="not the passphrase at all\n")
    assert wrong.returncode != 0 and "wrong backup key" in cli_output(wrong)

    [created] = srv.all_events(type="backup.created")
    assert created["actor"] == "admin" and created["payload"]["name"] == made["name"], created
    assert created["payload"]["headPosition"] == head

    for bad in ["/api/v1/backups/manual/nothing.zip", "/api/v1/backups/other/" + made["name"],
                "/api/v1/backups/manual/..%2Fcallplane.sqlite", "/api/v1/backups/manual/secret.key"]:
        assert srv.get(bad).status == 404, bad
        assert srv.delete(bad, idempotency_key=_key()).status == 404, bad

    r = srv.delete(made["href"], idempotency_key=_key())
    assert r.status == 204, r.describe()
    assert not on_disk.exists() and srv.get("/api/v1/backups").body["backups"] == []
    [deleted] = srv.all_events(type="backup.deleted")
    assert deleted["actor"] == "admin" and deleted["payload"]["name"] == made["name"], deleted


def _advance_a_day(srv) -> None:
    """A day on the virtual clock; the harness's session has idled out by then, so log in again."""
    r = srv.post("/api/v1/clock/advance", {"seconds": 24 * 3600})
    assert r.status == 200, r.describe()
    srv.login()


def test_auto_backup_runs_on_the_clock_keeps_its_folders_and_reports_a_failed_run(server_factory):
    srv = server_factory(args=["--virtual-clock"])
    r = srv.put("/api/v1/backup/settings", {"autoBackup": True, "time": "00:00", "keepDays": 2, "passphrase": PASSPHRASE})
    assert r.status == 200, r.describe()
    backup = srv.data_dir / "backup"

    def names(folder: str) -> list[str]:
        path = backup / folder
        return sorted(p.name for p in path.iterdir() if p.name.endswith(".zip")) if path.is_dir() else []

    # Today's run at 00:00 has passed: it is made at once, and as the first, it starts the week
    # and the month too.
    eventually("the first auto backup", lambda: names("day") and names("week") and names("month"), timeout=30)
    assert names("day") == names("week") == names("month")
    eventually("its record", lambda: srv.all_events(type="backup.created"), timeout=30)
    [record] = srv.all_events(type="backup.created")
    assert record["actor"] == "system" and record["payload"]["folder"] == "day", record

    # The next day's run fails: its folder cannot be made.
    first = names("day")
    (backup / "day").rename(backup / "day.moved")
    (backup / "day").write_text("not a directory")
    _advance_a_day(srv)

    def active_failure():
        return [m for m in srv.get("/api/v1/event-messages/active").body["active"] if m["type"] == "auto_backup_failed"]

    [failure] = eventually("auto_backup_failed", active_failure, timeout=30)
    assert failure["parameters"]["step"] == "backup", failure
    assert "backup/day" in failure["parameters"]["reason"] and "NSCocoaErrorDomain" not in failure["parameters"]["reason"], failure

    # Folder back: the day after succeeds, the failure is cleared, and the oldest day is kept
    # for its two days only.
    (backup / "day").unlink()
    (backup / "day.moved").rename(backup / "day")
    _advance_a_day(srv)
    eventually("the failure to clear", lambda: not active_failure(), timeout=30)
    eventually("the second record", lambda: len(srv.all_events(type="backup.created")) == 2, timeout=30)
    _advance_a_day(srv)
    eventually("the third record", lambda: len(srv.all_events(type="backup.created")) == 3, timeout=30)
    days = names("day")
    assert first[0] not in days and len(days) == 2, days
    assert names("month") == first, "the month's copy is kept for its months"


def test_a_restore_through_the_api_is_verified_restarts_the_server_and_sends_nothing_again(server_factory):
    from peers import SyslogCollector
    from test_event_messages import configure_syslog, simulate

    with SyslogCollector("tcp") as collector:
        srv = server_factory()
        for i in range(4):
            assert srv.create_user(f"5{i:02d}", f"User {i}").status == 201
        configure_syslog(srv, "local_1", collector)
        simulate(srv, "test_event_message")
        collector.wait_for(1)
        made = srv.post("/api/v1/backups", {"passphrase": PASSPHRASE}, idempotency_key=_key())
        assert made.status == 201, made.describe()
        [created] = srv.all_events(type="backup.created")
        head = created["payload"]["headPosition"]
        expected_hash = srv.get(f"/api/v1/state/hash?position={head}").body["hash"]
        users = srv.get("/api/v1/users").body["users"]

        # Life goes on; the restore brings back the backup's state, not this.
        assert srv.create_user("599", "After the backup").status == 201
        simulate(srv, "test_event_message")
        collector.wait_for(2)

        # Refused archives change nothing and the server keeps running.
        running_head = srv.head()
        for body, code in [({"passphrase": "not the passphrase at all"}, "wrong_key"), ({"unknown": True}, "unknown_field")]:
            r = srv.post(made.body["href"] + "/restore", body, idempotency_key=_key())
            assert r.status == 422 and r.body["code"] == code, r.describe()
        assert srv.post("/api/v1/backups/manual/none.zip/restore", {"passphrase": PASSPHRASE}).status == 404
        assert srv.head() == running_head and srv.get("/ready").status == 200
        assert not (srv.data_dir / "restore.journal").exists()

        pid = srv.proc.pid
        # Two at once: they would share the staged file and the journal, so one is refused.
        with ThreadPoolExecutor(2) as pool:
            answers = list(pool.map(lambda _: srv.post(made.body["href"] + "/restore", {"passphrase": PASSPHRASE},
                                                       idempotency_key=_key()), range(2)))
        answers.sort(key=lambda a: a.status)
        assert [a.status for a in answers] == [202, 409], [a.describe() for a in answers]
        assert answers[1].body["code"] in ("restore_in_progress", "restore_pending"), answers[1].describe()
        r = answers[0]
        assert r.body["restarting"] is True and r.body["headPosition"] == head and r.body["stateHash"] == expected_hash, r.body
        received_before = len(collector.messages)

        # The server restarts itself (same process, new image) onto the restored log.
        _wait_for_restart(srv, pid)
        srv.login()
        assert srv.get(f"/api/v1/state/hash?position={head}").body["hash"] == expected_hash
        assert srv.get("/api/v1/users").body["users"] == users
        assert srv.get("/api/v1/users/599").status == 404
        events = srv.all_events()
        record = events[head]
        assert (record["type"], record["actor"], record["payload"]["archive"]) == ("backup.restored", "admin", made.body["name"]), record
        assert list(srv.data_dir.glob("callplane.sqlite.pre-restore-*")), "no dated copy of the previous log"
        assert not (srv.data_dir / "restore.journal").exists()
        # Only the restart's own message reaches the collector: nothing up to the head again.
        collector.wait_for(received_before + 1, timeout=20)
        positions = [int(m["sd"]["callplane@32473"]["position"]) for m in collector.messages[received_before:]]
        assert all(p > head for p in positions), f"sent again after the restore: {positions} (head {head})"


def _wait_for_restart(srv, pid: int) -> None:
    """Until the server has gone down and come back (the same process, restarted in place)."""
    def still_up() -> bool:
        try:
            return srv.get("/ready", token=None, timeout=2).status == 200
        except OSError:
            return False
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and still_up():
        time.sleep(0.05)
    srv.wait_ready()
    assert srv.proc.poll() is None and srv.proc.pid == pid


def test_a_first_start_resets_the_configuration_keeps_the_system_id_and_certificate_and_the_old_log(server_factory):
    from conftest import DEFAULT_ADMIN_PASSWORD

    srv = server_factory()
    assert srv.put("/api/v1/system/identity", {"name": "Head office"}, idempotency_key=_key()).status == 200
    identity = srv.get("/api/v1/system/identity").body
    certificate = srv.get("/api/v1/tls/certificate").body
    for i in range(3):
        assert srv.create_user(f"6{i:02d}", f"User {i}").status == 201
    made = srv.post("/api/v1/backups", {"passphrase": PASSPHRASE}, idempotency_key=_key())
    assert made.status == 201, made.describe()

    r = srv.post("/api/v1/system/first-start", {"confirm": False})
    assert r.status == 422 and "confirm" in r.raw.decode(), r.describe()
    assert srv.post("/api/v1/system/first-start", {}).status in (400, 422)
    assert srv.get("/api/v1/users/600").status == 200, "a refused first start changed something"

    pid = srv.proc.pid
    r = srv.post("/api/v1/system/first-start", {"confirm": True})
    assert r.status == 202 and r.body["systemId"] == identity["systemId"], r.describe()
    _wait_for_restart(srv, pid)
    # As after an installation: the default password, to be changed at once.
    srv.admin_password = DEFAULT_ADMIN_PASSWORD
    srv.login()
    after = srv.get("/api/v1/system/identity").body
    assert after["systemId"] == identity["systemId"] and after["name"] != "Head office", after
    assert srv.get("/api/v1/tls/certificate").body["fingerprint"] == certificate["fingerprint"]
    assert srv.get("/api/v1/users").body["users"] == []
    [record] = srv.all_events(type="system.firststart")
    assert record["actor"] == "admin", record
    # The previous log is kept, and so are the backups; the backup brings the configuration back.
    assert list(srv.data_dir.glob("callplane.sqlite.pre-first-start-*"))
    [kept] = srv.get("/api/v1/backups").body["backups"]
    assert kept["name"] == made.body["name"]
    r = srv.post(kept["href"] + "/restore", {"passphrase": PASSPHRASE}, idempotency_key=_key())
    assert r.status == 202, r.describe()
    _wait_for_restart(srv, pid)
    srv.login()
    assert [u["number"] for u in srv.get("/api/v1/users").body["users"]] == ["600", "601", "602"]
    assert srv.get("/api/v1/system/identity").body["name"] == "Head office"
