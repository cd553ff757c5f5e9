"""2. Restarts rebuild the same state: from the log, with or without snapshots (architecture rule 1)."""

import uuid


def _populate(server, tag: str, users: int, terminals: int) -> None:
    """A mix of every kind of configuration event."""
    for i in range(users):
        server.create_user(f"{tag}{i:02d}", f"User {tag}-{i}", language="de" if i % 2 else "en")
    for i in range(terminals):
        extra = {"userNumber": f"{tag}{i:02d}"} if i < users else {}
        if i % 2 == 0:
            extra["macAddress"] = f"00:1A:2B:3C:{int(tag) % 256:02X}:{i:02X}"
        server.create_terminal(f"t{tag}-{i}", kind="system_sip" if i % 2 else "standard_sip", **extra)
    if users >= 2:
        u = server.put(server.user_path(f"{tag}00"), {"name": f"Renamed {tag}", "language": "fr"},
                       idempotency_key=str(uuid.uuid4()))
        assert u.status == 200, u.describe()
        d = server.delete(server.user_path(f"{tag}{users - 1:02d}"), idempotency_key=str(uuid.uuid4()))
        assert d.status == 204, d.describe()


def _snapshot(server, at: int | None = None) -> tuple[str, list, list]:
    """The state as the API shows it: hash, users, terminals. With ``at``, the hash is that of
    the log replayed up to that position: each start appends "The communication server has
    been restarted", so the state before a restart is compared at the position it had."""
    h = server.get(f"/api/v1/state/hash?position={at}").body["hash"] if at is not None else server.state_hash()[0]
    users = server.get("/api/v1/users").body["users"]
    terminals = server.get("/api/v1/terminals").body["terminals"]
    return h, users, terminals


def _consistent(server) -> None:
    """The live state (however it was rebuilt) equals a full replay of the log to its position."""
    h, position = server.state_hash()
    assert server.get(f"/api/v1/state/hash?position={position}").body["hash"] == h


def _stop_ok(server) -> None:
    rc = server.stop()
    assert rc == 0, f"SIGTERM exit status {rc}, expected 0\n{server.log_tail()}"


def test_restart_and_snapshot(server_factory, verify):
    srv = server_factory()
    ident = srv.put("/api/v1/system/identity", {"name": "Restart PBX"}, idempotency_key=str(uuid.uuid4()))
    assert ident.status == 200, ident.describe()
    _populate(srv, "31", users=4, terminals=3)
    before = _snapshot(srv)
    head = srv.head()
    assert srv.state_hash()[1] == head, "the state is not at the head after the writes"
    assert before[0] and isinstance(before[0], str)

    # SIGTERM + restart: same hash, same entities, same head.
    srv.restart()
    after = _snapshot(srv, at=head)
    _consistent(srv)
    assert after == before, f"state after SIGTERM+restart differs:\n{before}\n{after}"
    assert srv.head() >= head
    assert srv.state_hash()[1] == srv.head(), "after restart the state is not projected up to the head"

    # Restart ignoring snapshots: the whole log is replayed and gives the same state.
    srv.restart("--ignore-snapshots")
    assert _snapshot(srv, at=head) == before, "replaying the whole log gives another state"
    _consistent(srv)

    # With a snapshot every 5 events, write enough that snapshots exist mid-log.
    srv.restart("--snapshot-interval", "5")
    _populate(srv, "32", users=6, terminals=5)
    for i in range(4):  # a few more events so the head is not on a multiple of 5
        r = srv.put(srv.user_path("3201"), {"name": f"Again {i}"}, idempotency_key=str(uuid.uuid4()))
        assert r.status == 200, r.describe()
    new_head = srv.head()
    assert new_head - head >= 15, (head, new_head)
    head = new_head
    with_snapshots = _snapshot(srv)
    _stop_ok(srv)

    tables = [t for (t,) in srv.read_db("SELECT name FROM sqlite_master WHERE type='table'")]
    snapshot_tables = [t for t in tables if "snapshot" in t.lower()]
    assert snapshot_tables, f"no snapshot table in the database (tables: {tables})"
    count = sum(srv.read_db(f'SELECT count(*) FROM "{t}"')[0][0] for t in snapshot_tables)
    assert count >= 1, f"--snapshot-interval 5 with {head} events left no snapshot in {snapshot_tables}"

    # Start-up from the snapshot vs a full replay: the same state.
    srv.start("--snapshot-interval", "5")
    from_snapshot = _snapshot(srv, at=head)
    assert from_snapshot == with_snapshots, "start-up from the snapshot gives another state"
    _consistent(srv)
    srv.restart("--ignore-snapshots")
    assert _snapshot(srv, at=head) == with_snapshots, "full replay disagrees with the snapshot start-up"

    # A snapshot plus a tail of events that no snapshot covers: kill -9 (no shutdown snapshot)
    # after events beyond the last multiple of 5.
    srv.restart("--snapshot-interval", "5")
    for i in range(7):
        r = srv.put(srv.user_path("3202"), {"name": f"Tail {i}", "email": f"tail{i}@example.com"},
                    idempotency_key=str(uuid.uuid4()))
        assert r.status == 200, r.describe()
    t = srv.create_terminal("t-tail", kind="standard_sip")
    expected = _snapshot(srv)
    expected_head = srv.head()
    srv.kill9()
    srv.start("--snapshot-interval", "5")
    assert _snapshot(srv, at=expected_head) == expected, "snapshot + tail replay after kill -9 gives another state"
    _consistent(srv)
    srv.restart("--ignore-snapshots")
    assert _snapshot(srv, at=expected_head) == expected, "full replay after kill -9 gives another state"

    # The restored state keeps deciding correctly: the next terminal id continues after the last.
    nxt = srv.create_terminal("t-after-restart")
    assert nxt.body["id"] > t.body["id"], (t.body, nxt.body)
    assert srv.state_hash()[0] != expected[0]
    _stop_ok(srv)

    proc = verify(srv.data_dir)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_sigterm_drains_under_load(server_factory, verify):
    """SIGTERM while clients write: exit 0, and every acknowledged write is in the log."""
    import http.client
    import threading
    import time

    srv = server_factory()
    acked: list[tuple] = []
    errors: list[str] = []
    stop = threading.Event()

    def writer(i: int) -> None:
        number, seq = f"33{i}", 0
        r = srv.create_user(number, f"Drain {i}")
        acked.append((r.position, number, "user.created", r.body["name"]))
        while not stop.is_set():
            seq += 1
            name = f"Drain {i}-{seq}"
            try:
                r = srv.put(srv.user_path(number), {"name": name}, idempotency_key=str(uuid.uuid4()), timeout=15)
            except (OSError, http.client.HTTPException):
                return  # the server closed: unacknowledged
            if r.status == 200:
                acked.append((r.position, number, "user.updated", name))
            elif r.status == 503:
                return  # shutting down, refused before doing anything
            else:
                errors.append(r.describe())
                return

    threads = [threading.Thread(target=writer, args=(i,), daemon=True) for i in range(4)]
    for t in threads:
        t.start()
    time.sleep(0.7)
    rc = srv.stop()
    stop.set()
    for t in threads:
        t.join(timeout=30)
    assert rc == 0, f"exit status {rc} after SIGTERM under load\n{srv.log_tail()}"
    assert not errors, errors
    assert len(acked) > 8, f"only {len(acked)} writes acknowledged before SIGTERM"

    proc = verify(srv.data_dir)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    srv.start()
    events = {e["position"]: e for e in srv.all_events()}
    lost = [a for a in acked if a[0] not in events or
            (events[a[0]]["stream"], events[a[0]]["type"], events[a[0]]["payload"].get("name")) != (f"user/{a[1]}", a[2], a[3])]
    assert not lost, f"{len(lost)} acknowledged writes missing after SIGTERM: {lost[:10]}"
    h, position = srv.state_hash()
    srv.restart("--ignore-snapshots")
    assert _snapshot(srv, at=position)[0] == h
    _consistent(srv)
