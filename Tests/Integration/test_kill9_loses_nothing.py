"""3. Durability: an acknowledged write survives `kill -9` at any moment, at its position.

Each round, 4 client threads write (create or update users, each request with its own
Idempotency-Key) while the server is killed with SIGKILL after a random 0.05–0.5 s. After each
crash the offline chain verification must pass, and after each restart every write that was
ever acknowledged (2xx) must be in the log at the acknowledged position, with the right stream,
type, payload and version. At the end, a sample of acknowledged requests is retried with their
keys (the original position, nothing appended) and the state rebuilt from snapshots must equal
the full replay.
"""

import http.client
import os
import random
import re
import threading
import time
import uuid

ROUNDS = int(os.environ.get("CALLPLANE_KILL9_ROUNDS", "20"))
THREADS = 4
NUMBERS_PER_THREAD = 5
CLIENT_TIMEOUT = 10.0


class Writer(threading.Thread):
    def __init__(self, server, index: int, round_no: int, stop: threading.Event, rng_seed: int):
        super().__init__(daemon=True, name=f"writer-{index}")
        self.server = server
        self.numbers = [str(6000 + index * 10 + i) for i in range(NUMBERS_PER_THREAD)]
        self.round_no = round_no
        self.stop_event = stop
        self.rng = random.Random(rng_seed)
        self.acked: list[dict] = []
        self.unexpected: list[str] = []
        self.seq = 0

    def _send(self, method: str, path: str, body: dict) -> tuple[str, object]:
        key = str(uuid.uuid4())
        r = self.server.request(method, path, body, idempotency_key=key, timeout=CLIENT_TIMEOUT)
        return key, r

    def run(self) -> None:
        while not self.stop_event.is_set():
            number = self.rng.choice(self.numbers)
            self.seq += 1
            name = f"r{self.round_no}-{self.name}-{self.seq}"
            try:
                attempts = [("PUT", self.server.user_path(number), {"name": name}, 200, "user.updated"),
                            ("POST", "/api/v1/users", {"number": number, "name": name}, 201, "user.created")]
                if self.rng.random() < 0.5:
                    attempts.reverse()
                for method, path, body, ok_status, ev_type in attempts:
                    key, r = self._send(method, path, body)
                    if r.status == ok_status:
                        pos = r.position
                        if pos is None:
                            self.unexpected.append(f"{method} {path}: no Callplane-Position header {r.headers}")
                        else:
                            self.acked.append({
                                "key": key, "method": method, "path": path, "body": body,
                                "status": r.status, "position": pos, "number": number, "name": name,
                                "type": ev_type, "version": r.body.get("version") if isinstance(r.body, dict) else None,
                                "round": self.round_no,
                            })
                        break
                    # PUT to a user that does not exist yet, or POST of one that exists (perhaps
                    # created by an unacknowledged write before the last crash): try the other.
                    if (method == "PUT" and r.status == 404) or (method == "POST" and r.status == 409):
                        continue
                    self.unexpected.append(f"{method} {path} {body}: {r.describe()}")
                    return
            except (OSError, http.client.HTTPException):
                return  # the server is gone: this request is unacknowledged


def _check_acked(server, acked: list[dict]) -> None:
    if not acked:
        return
    events = {e["position"]: e for e in server.all_events()}
    problems = []
    for a in acked:
        e = events.get(a["position"])
        if e is None:
            problems.append(f"acknowledged position {a['position']} missing ({a['method']} {a['path']} round {a['round']})")
            continue
        # The key is a UUID, and a command's first event carries its Idempotency-Key as id (that
        # is what makes a retry find the original): the id identifies the acknowledged write.
        want = (a["key"], f"user/{a['number']}", a["type"], a["number"], a["name"])
        got = (str(e["id"]).lower(), e["stream"], e["type"], e["payload"].get("number"), e["payload"].get("name"))
        if want != got:
            problems.append(f"position {a['position']}: expected {want}, found {got}")
        elif a["version"] is not None and e["version"] != a["version"]:
            problems.append(f"position {a['position']}: event version {e['version']}, acknowledged entity version {a['version']}")
    assert not problems, f"{len(problems)} acknowledged writes lost or altered:\n" + "\n".join(problems[:30])


def test_kill9_loses_nothing(server_factory, verify):
    seed = int(os.environ.get("CALLPLANE_KILL9_SEED", str(int(time.time()))))
    rng = random.Random(seed)
    print(f"kill9 seed {seed}")
    srv = server_factory(start=False, args=["--snapshot-interval", "7"])
    acked: list[dict] = []
    rounds_with_acks = 0
    t0 = time.monotonic()

    for rnd in range(ROUNDS):
        srv.start()
        _check_acked(srv, acked)
        stop = threading.Event()
        writers = [Writer(srv, i, rnd, stop, rng.randrange(1 << 30)) for i in range(THREADS)]
        for w in writers:
            w.start()
        time.sleep(rng.uniform(0.05, 0.5))
        srv.kill9()
        stop.set()
        for w in writers:
            w.join(timeout=CLIENT_TIMEOUT + 5)
            assert not w.is_alive(), f"{w.name} hangs after kill -9"
        unexpected = [u for w in writers for u in w.unexpected]
        assert not unexpected, f"round {rnd}: unexpected answers:\n" + "\n".join(unexpected[:20])
        round_acked = [a for w in writers for a in w.acked]
        if round_acked:
            rounds_with_acks += 1
        acked.extend(round_acked)

        positions = [a["position"] for a in acked]
        assert len(positions) == len(set(positions)), "two acknowledged writes share a position"

        # The crashed database, before any recovery by a new server: the chain is intact and
        # reaches at least the last acknowledged position.
        proc = verify(srv.data_dir)
        out = proc.stdout + proc.stderr
        assert proc.returncode == 0, f"round {rnd}: events verify after kill -9: {out}"
        m = re.search(r"chain intact: (\d+) events, head position (\d+)", out)
        assert m, out
        assert int(m.group(1)) == int(m.group(2)), f"event count != head (gap?): {out}"
        if positions:
            assert int(m.group(2)) >= max(positions), f"head {m.group(2)} < acknowledged {max(positions)}"

    srv.start()
    _check_acked(srv, acked)
    elapsed = time.monotonic() - t0
    print(f"kill9: {ROUNDS} rounds, {len(acked)} acknowledged writes, {rounds_with_acks} rounds with acks, {elapsed:.1f} s")
    assert len(acked) >= ROUNDS, f"only {len(acked)} writes acknowledged in {ROUNDS} rounds: the test proved little"
    assert rounds_with_acks >= ROUNDS // 2, f"only {rounds_with_acks} of {ROUNDS} rounds acknowledged anything"

    # Positions are 1..head without gaps, and the log holds no duplicate event ids.
    events = srv.all_events()
    head = srv.head()
    assert [e["position"] for e in events] == list(range(1, head + 1))
    assert len({e["id"] for e in events}) == len(events)

    # Client retries are safe across crashes: the same key gives the original position.
    sample = rng.sample(acked, min(25, len(acked)))
    retry_problems = []
    for a in sample:
        r = srv.request(a["method"], a["path"], a["body"], idempotency_key=a["key"])
        if r.status != a["status"] or r.position != a["position"]:
            retry_problems.append(f"{a['method']} {a['path']} key {a['key']}: first {a['status']} at "
                                  f"{a['position']}, retry {r.status} at {r.position} ({r.describe()[:200]})")
    assert srv.head() == head, f"retrying acknowledged requests appended events (head {head} -> {srv.head()})"
    assert not retry_problems, "idempotent retries after restarts:\n" + "\n".join(retry_problems)

    # State from snapshots written between crashes == state from a full replay.
    # Each start appends "The communication server has been restarted", so the two are compared
    # at the same position: the live state against a replay of the log up to it.
    from_snapshots, position = srv.state_hash()
    assert srv.get(f"/api/v1/state/hash?position={position}").body["hash"] == from_snapshots, \
        "snapshot start-up and full replay disagree after crashes"
    srv.restart("--ignore-snapshots", args=[])
    assert srv.get(f"/api/v1/state/hash?position={position}").body["hash"] == from_snapshots
    replayed, at = srv.state_hash()
    assert srv.get(f"/api/v1/state/hash?position={at}").body["hash"] == replayed
    rc = srv.stop()
    assert rc == 0, srv.log_tail()

    # Finally read the database file itself.
    rows = srv.read_db("SELECT position, stream, type, version, payload FROM events ORDER BY position")
    assert len(rows) >= head and [r[0] for r in rows] == list(range(1, len(rows) + 1)), \
        "positions in the database are not 1..head"
    by_pos = {r[0]: r for r in rows}
    for a in acked:
        pos, stream, typ, version, _ = by_pos[a["position"]]
        assert (stream, typ) == (f"user/{a['number']}", a["type"]), (a, by_pos[a["position"]])
    proc = verify(srv.data_dir)
    assert proc.returncode == 0, proc.stdout + proc.stderr
