"""9. The command-line tool drives the same server: users, terminals, events, state hash."""

import json
import queue
import re
import subprocess
import threading

from conftest import BIN, cli_env, cli_output, run_cli


def _lines_starting_with_position(text: str) -> dict[int, str]:
    out = {}
    for line in text.splitlines():
        m = re.match(r"^\s*(\d+)\b", line)
        if m:
            out[int(m.group(1))] = line
    return out


def _parse_json_events(text: str) -> list[dict]:
    text = text.strip()
    try:
        doc = json.loads(text)
    except ValueError:
        return [json.loads(l) for l in text.splitlines() if l.strip()]  # JSON lines
    if isinstance(doc, dict):
        return doc["events"]
    return doc


def _ok(proc: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert proc.returncode == 0, cli_output(proc)
    return proc


def terminal_add_args(kind: str, registration_name: str, password: str, user: str | None) -> list[str]:
    # `callplane terminals add REGISTRATION-NAME --kind K --password P [--user N] [--mac M]`
    args = ["terminals", "add", registration_name, "--kind", kind, "--password", password]
    if user is not None:
        args += ["--user", user]
    return args


def test_cli(server):
    srv = server
    head0 = srv.head()

    # users add / list
    _ok(srv.cli("users", "add", "4800", "Cli User", "--email", "cli@example.com", "--language", "de"))
    _ok(srv.cli("users", "add", "4801", "Second Cli"))
    g = srv.get(srv.user_path("4800"))
    assert g.status == 200, g.describe()
    assert (g.body["name"], g.body.get("email"), g.body["language"]) == ("Cli User", "cli@example.com", "de"), g.body
    assert srv.get(srv.user_path("4801")).status == 200
    listing = _ok(srv.cli("users", "list")).stdout
    rows = {l.split(None, 1)[0]: l for l in listing.splitlines() if re.match(r"^\s*\d+\s", l)}
    assert "4800" in rows and "Cli User" in rows["4800"], listing
    assert "4801" in rows and "Second Cli" in rows["4801"], listing

    # CALLPLANE_SERVER instead of --server
    env_listing = run_cli("users", "list", env={"CALLPLANE_SERVER": srv.url, "CALLPLANE_TOKEN": srv.token})
    assert env_listing.returncode == 0 and "Cli User" in env_listing.stdout, cli_output(env_listing)

    # A refused command: non-zero exit, the server's rule shown, nothing appended.
    head = srv.head()
    bad = srv.cli("users", "add", "48a0", "Bad Number")
    assert bad.returncode != 0, cli_output(bad)
    assert "number" in (bad.stdout + bad.stderr), cli_output(bad)
    assert srv.head() == head

    # terminals add / list / remove
    _ok(srv.cli(*terminal_add_args("system_sip", "cli-t1", "password-123", "4800")))
    terminals = [t for t in srv.get("/api/v1/terminals").body["terminals"] if t["registrationName"] == "cli-t1"]
    assert len(terminals) == 1 and terminals[0]["userNumber"] == "4800" and terminals[0]["kind"] == "system_sip", terminals
    tid = terminals[0]["id"]
    tlist = _ok(srv.cli("terminals", "list")).stdout
    assert any("cli-t1" in l and re.match(rf"^\s*{tid}\b", l) for l in tlist.splitlines()), tlist
    assert "password-123" not in tlist, "the CLI shows a terminal password"
    _ok(srv.cli("terminals", "remove", str(tid)))
    assert srv.get(f"/api/v1/terminals/{tid}").status == 404
    assert "cli-t1" not in _ok(srv.cli("terminals", "list")).stdout

    # users remove
    _ok(srv.cli("users", "remove", "4801"))
    assert srv.get(srv.user_path("4801")).status == 404
    assert not re.search(r"^\s*4801\b", _ok(srv.cli("users", "list")).stdout, re.M)

    # events list: the CLI's changes are in the log, one line per event starting with the position.
    head = srv.head()
    api_events = {e["position"]: e for e in srv.all_events(after=head0)}
    out = _ok(srv.cli("events", "list", "--after", str(head0), "--limit", "1000")).stdout
    lines = _lines_starting_with_position(out)
    assert sorted(lines) == list(range(head0 + 1, head + 1)), out
    for pos, ev in api_events.items():
        assert ev["type"] in lines[pos], (pos, ev["type"], lines[pos])
    types = [api_events[p]["type"] for p in sorted(api_events)]
    for t in ("user.created", "terminal.created", "terminal.deleted", "user.deleted"):
        assert t in types, types

    users_only = _lines_starting_with_position(_ok(srv.cli("events", "list", "--type", "user.", "--after", str(head0))).stdout)
    assert sorted(users_only) == sorted(p for p, e in api_events.items() if e["type"].startswith("user.")), users_only
    stream = _lines_starting_with_position(_ok(srv.cli("events", "list", "--stream", "user/4800")).stdout)
    assert sorted(stream) == sorted(p for p, e in api_events.items() if e["stream"] == "user/4800"), stream
    actor = api_events[head]["actor"]
    by_actor = _lines_starting_with_position(_ok(srv.cli("events", "list", "--actor", actor, "--after", str(head0))).stdout)
    assert head in by_actor and all(api_events[p]["actor"] == actor for p in by_actor), by_actor
    page = _lines_starting_with_position(_ok(srv.cli("events", "list", "--after", str(head0), "--limit", "2")).stdout)
    assert sorted(page) == [head0 + 1, head0 + 2], page
    as_json = _parse_json_events(_ok(srv.cli("events", "list", "--after", str(head0), "--json")).stdout)
    assert [(e["position"], e["id"], e["hash"]) for e in as_json] == \
        [(p, api_events[p]["id"], api_events[p]["hash"]) for p in sorted(api_events)], as_json

    # state hash equals the API's hash.
    api_hash, _ = srv.state_hash()
    printed = _ok(srv.cli("state", "hash")).stdout
    assert api_hash in printed.split(), f"CLI {printed!r} vs API {api_hash}"

    # Offline: the log replayed from the data directory gives the same hash as the server.
    rc = srv.stop()
    assert rc == 0, srv.log_tail()
    offline = _ok(run_cli("state", "hash", "--data-dir", str(srv.data_dir))).stdout
    assert api_hash in offline.split(), f"offline {offline!r} vs API {api_hash}"


def _crash_summary(stderr: str) -> str:
    keep = [l.strip() for l in stderr.splitlines()
            if re.search(r"Fatal error|crashed|error:", l) or re.search(r" in (callplane|libFoundation)", l)]
    return " | ".join(keep[:8]) or stderr[-500:]


def test_cli_events_tail(server):
    """`callplane events tail --after N` prints the backlog after N, then live events."""
    srv = server
    srv.create_user("4810", "Tail Backlog")
    head = srv.head()
    # events tail: the backlog after N, then live events as they are appended.
    tail = subprocess.Popen([str(BIN), "events", "tail", "--after", str(head - 1), "--server", srv.url],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=cli_env({"CALLPLANE_TOKEN": srv.token}))
    lines_q: "queue.Queue[str]" = queue.Queue()
    threading.Thread(target=lambda: [lines_q.put(l) for l in tail.stdout], daemon=True).start()

    def next_line() -> str:
        try:
            return lines_q.get(timeout=15)
        except queue.Empty:
            raise AssertionError(f"`events tail` printed nothing within 15 s (exit {tail.poll()}): "
                                 f"{_crash_summary(tail.stderr.read()) if tail.poll() is not None else ''}")

    try:
        first = next_line()
        assert re.match(rf"^\s*{head}\b", first), f"tail first line {first!r} (head {head})"
        live = srv.create_user("4802", "Tail Live")
        second = next_line()
        assert re.match(rf"^\s*{live.position}\b", second) and "user.created" in second, second
    finally:
        tail.terminate()
        try:
            tail.wait(timeout=10)
        except subprocess.TimeoutExpired:
            tail.kill()
            tail.wait()

