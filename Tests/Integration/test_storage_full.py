"""Issue 14, point 9: storage that fills at commit.

The server has no setting that caps the database (no `PRAGMA max_page_count` in Sources), and
a small filesystem needs root to mount. A file-size limit does the same without either: the
server runs under RLIMIT_FSIZE (SIGXFSZ ignored, so a write past the limit fails with EFBIG
instead of killing the process), so the WAL cannot grow past it and a commit fails in SQLite's
write, as on a full disk. The soft limit is raised later through prlimit(2) on the running
process — the disk "has room again".

What the server answers then: a write that cannot be committed is refused with 500
`storage_error` (an incident id, the details in the server's log), never acknowledged; the
server stays up and serves reads; every acknowledged write survives, the refused ones leave
nothing; once there is room again, writes succeed without a restart; SIGTERM still exits 0.
"""
from __future__ import annotations

import resource
import sys
import uuid

import conftest
from conftest import verify_chain

LIMIT = 1_000_000  # bytes per file: the first start needs ~200 kB; the WAL reaches it in ~40 writes


def test_a_commit_that_cannot_be_written_is_refused_and_loses_nothing(server_factory, tmp_path, monkeypatch, check_error):
    wrapper = tmp_path / "callplane-fsize"
    wrapper.write_text(f"""#!{sys.executable}
import os, resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of death, as ENOSPC would be
if sys.argv[1:2] == ["serve"]:
    resource.setrlimit(resource.RLIMIT_FSIZE, ({LIMIT}, resource.RLIM_INFINITY))
os.execv({str(conftest.BIN)!r}, [{str(conftest.BIN)!r}] + sys.argv[1:])
""")
    wrapper.chmod(0o755)
    monkeypatch.setattr(conftest, "BIN", wrapper)
    srv = server_factory()

    acknowledged, refused = [], None
    for i in range(2000):
        number = str(20000 + i)
        r = srv.post("/api/v1/users", {"number": number, "name": "Filling The Disk " + "x" * 40},
                     idempotency_key=str(uuid.uuid4()))
        if r.status != 201:
            refused = (number, r)
            break
        acknowledged.append(number)
    assert refused is not None, f"{len(acknowledged)} writes and the limit of {LIMIT} bytes never bit"
    number, r = refused
    assert acknowledged, "the very first write was refused: the limit is too small for this test"
    assert r.status == 500 and r.body.get("code") == "storage_error", f"a commit that failed: {r.describe()}"
    assert not check_error(r), check_error(r)
    assert r.body["details"].get("incident"), r.body

    # Up, serving reads, and the refused write is not visible.
    assert srv.running
    assert srv.get(srv.user_path(acknowledged[-1])).status == 200
    assert srv.get(srv.user_path(number)).status == 404
    again = srv.post("/api/v1/users", {"number": "29999", "name": "Still Full"}, idempotency_key=str(uuid.uuid4()))
    assert again.status == 500 and again.body.get("code") == "storage_error", again.describe()
    log = srv.log_path.read_text("utf-8", "replace")
    assert r.body["details"]["incident"] in log, "the incident is not in the server's log"

    # Room again: writes go through without a restart.
    resource.prlimit(srv.proc.pid, resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    recovered = srv.post("/api/v1/users", {"number": number, "name": "Room Again"}, idempotency_key=str(uuid.uuid4()))
    assert recovered.status == 201, f"a write once there is room again: {recovered.describe()}"

    assert srv.stop() == 0, srv.log_tail()
    monkeypatch.undo()  # the next start without the wrapper
    srv.start()
    missing = [n for n in acknowledged + [number] if srv.get(srv.user_path(n)).status != 200]
    assert not missing, f"acknowledged writes lost: {missing}"
    assert srv.get(srv.user_path("29999")).status == 404, "a refused write is in the log"
    names = srv.read_db("SELECT count(*) FROM events WHERE type = 'user.created' AND payload LIKE '%\"29999\"%'")[0][0]
    assert names == 0
    assert srv.stop() == 0, srv.log_tail()
    verified = verify_chain(srv.data_dir)
    assert verified.returncode == 0, verified.stdout + verified.stderr
