"""Issue 13, point 18: a snapshot edited while the server is stopped is refused — the server
replays the log and serves the log's value, logging a warning — and `callplane events verify`
and `/api/v1/audit/verify` report the snapshot as forged."""

import sqlite3


def test_forged_snapshot_is_refused(server_factory, verify):
    srv = server_factory()
    for i in range(5):
        r = srv.create_user(f"70{i}", f"Honest {i}")
        assert r.status == 201, r.describe()
    rc = srv.stop()  # saves a snapshot of the state at the head
    assert rc == 0, srv.log_tail()

    # The review's attack: change a name inside the newest snapshot, nothing else.
    conn = sqlite3.connect(srv.db_path)
    try:
        kind, position, state = conn.execute(
            "SELECT kind, position, state FROM snapshots WHERE kind = 'system-state' ORDER BY position DESC LIMIT 1"
        ).fetchone()
        assert b"Honest 3" in state, state[:200]
        conn.execute("UPDATE snapshots SET state = ? WHERE kind = ? AND position = ?",
                     (state.replace(b"Honest 3", b"Forged 3"), kind, position))
        conn.commit()
    finally:
        conn.close()

    proc = verify(srv.data_dir)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, f"verify must fail on a forged snapshot: exit {proc.returncode}\n{out}"
    assert "chain intact" in out, out
    assert f"snapshot system-state schema" in out and f"at position {position}: forged" in out, out

    srv.start()
    user = srv.get(srv.user_path("703"))
    assert user.status == 200, user.describe()
    assert user.body["name"] == "Honest 3", f"the server served the forged snapshot: {user.body}"
    log = srv.log_path.read_text(errors="replace")
    assert "refusing a snapshot that is not bound to the chain" in log, srv.log_tail()

    audit = srv.get("/api/v1/audit/verify")
    assert audit.status == 200, audit.describe()
    assert audit.body["intact"] is True and audit.body["clean"] is False, audit.body
    verdicts = {(s["kind"], s["position"]): s["verdict"] for s in audit.body["snapshots"]}
    assert verdicts[("system-state", position)] == "forged", audit.body
    # A forged snapshot alone does not stop writes: the log is intact and replay is correct.
    assert srv.get("/api/v1/audit/integrity").body["trusted"] is True
