"""7. Refused commands: the right status, code and field, and never an event (architecture rule 2)."""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

USER_LIMIT = 1200


def _key() -> str:
    return str(uuid.uuid4())


def _case(label, method, path, *, json=None, raw=None, if_match=None, status, code=None, field=None, alternatives=()):
    """One refused request. `alternatives`: other (status, code, field) answers the contract allows."""
    return dict(label=label, method=method, path=path, json=json, raw=raw, if_match=if_match,
                status=status, code=code, field=field, alternatives=alternatives)


def _answer_problems(r, status, code, field, check_error) -> list[str]:
    problems = []
    if r.status != status:
        problems.append(f"status {r.status}, expected {status}")
    problems += check_error(r)
    body = r.body if isinstance(r.body, dict) else {}
    details = body.get("details") if isinstance(body.get("details"), dict) else {}
    if code is not None and body.get("code") != code:
        problems.append(f"code {body.get('code')!r}, expected {code!r}")
    if field is not None:
        # A body field is named by details.field; a query parameter by details.field or
        # details.parameter.
        named = details.get("field") or (details.get("parameter") if field.startswith("?") else None)
        if named != field.lstrip("?"):
            problems.append(f"details.field {details.get('field')!r}, expected {field.lstrip('?')!r}")
        if code != "unknown_field" and not details.get("rule"):
            problems.append("details.rule missing")
    return problems


def _run_cases(srv, cases, check_error) -> list[str]:
    failures = []
    for c in cases:
        head = srv.head()
        kw = {"idempotency_key": _key()} if c["method"] != "GET" else {}
        if c["if_match"] is not None:
            kw["if_match"] = c["if_match"]
        if c["json"] is not None:
            r = srv.request(c["method"], c["path"], c["json"], **kw)
        else:
            r = srv.request(c["method"], c["path"], raw=c["raw"], **kw)
        what = f"[{c['label']}] {c['method']} {c['path']} {c['json'] if c['json'] is not None else c['raw']!r}"
        problems = _answer_problems(r, c["status"], c["code"], c["field"], check_error)
        if problems and any(not _answer_problems(r, *alt, check_error) for alt in c["alternatives"]):
            problems = []
        new_head = srv.head()
        if new_head != head:
            problems.append(f"head moved {head} -> {new_head}: a refused command appended events")
        if problems:
            failures.append(f"{what}: {'; '.join(problems)} — got {r.describe()[:300]}")
    return failures


def test_error_cases(server, check_error):
    srv = server
    srv.create_user("700", "Base User", email="base@example.com", language="en")
    up = srv.put(srv.user_path("700"), {"name": "Base User 2"}, idempotency_key=_key())
    assert up.status == 200 and up.body["version"] >= 2, up.describe()
    stale_user = up.body["version"] - 1
    srv.create_user("701", "Free User")
    t = srv.create_terminal("err-t1", kind="system_sip", userNumber="700", macAddress="00:AA:BB:CC:DD:01")
    tid = t.body["id"]
    tp = srv.patch(f"/api/v1/terminals/{tid}", {"registrationName": "err-t1b"}, idempotency_key=_key())
    assert tp.status == 200, tp.describe()
    stale_terminal = tp.body["version"] - 1
    U, T = "/api/v1/users", "/api/v1/terminals"
    good_t = {"kind": "standard_sip", "registrationName": "err-t2", "password": "password-123"}

    cases = [
        # 400: not JSON at all
        _case("malformed", "POST", U, raw='{"number": "702", "name": ', status=400, code="malformed_json"),
        _case("malformed", "POST", U, raw="not json", status=400, code="malformed_json"),
        _case("malformed", "PUT", srv.user_path("700"), raw="{", status=400, code="malformed_json"),
        _case("malformed", "POST", T, raw='{"kind": "system_sip",', status=400, code="malformed_json"),
        _case("malformed", "PATCH", f"{T}/{tid}", raw="[1,", status=400, code="malformed_json"),
        _case("malformed", "PUT", "/api/v1/system/identity", raw="{'name': 'x'}", status=400, code="malformed_json"),
        # 422: users
        _case("bad number", "POST", U, json={"number": "12a", "name": "X"}, status=422, field="number"),
        _case("empty number", "POST", U, json={"number": "", "name": "X"}, status=422, field="number"),
        _case("number not a string", "POST", U, json={"number": 702, "name": "X"}, status=422, field="number"),
        _case("empty name", "POST", U, json={"number": "702", "name": ""}, status=422, field="name"),
        _case("name too long", "POST", U, json={"number": "702", "name": "x" * 65}, status=422, field="name"),
        _case("missing name", "POST", U, json={"number": "702"}, status=422, field="name"),
        _case("bad email", "POST", U, json={"number": "702", "name": "X", "email": "not-an-email"}, status=422, field="email"),
        _case("bad language", "POST", U, json={"number": "702", "name": "X", "language": "english"}, status=422, field="language"),
        _case("bad language", "POST", U, json={"number": "702", "name": "X", "language": "e1"}, status=422, field="language"),
        _case("unknown field", "POST", U, json={"number": "702", "name": "X", "nickname": "Y"}, status=422,
              code="unknown_field", field="nickname"),
        _case("empty name (update)", "PUT", srv.user_path("700"), json={"name": ""}, status=422, field="name"),
        _case("bad email (update)", "PUT", srv.user_path("700"), json={"name": "X", "email": "a@"}, status=422, field="email"),
        _case("unknown field (update)", "PUT", srv.user_path("700"), json={"name": "X", "number": "700"}, status=422,
              code="unknown_field", field="number"),
        # 422: terminals
        _case("bad kind", "POST", T, json={**good_t, "kind": "analog"}, status=422, field="kind"),
        _case("short password", "POST", T, json={**good_t, "password": "short"}, status=422, field="password"),
        _case("long password", "POST", T, json={**good_t, "password": "p" * 65}, status=422, field="password"),
        _case("non-ASCII password", "POST", T, json={**good_t, "password": "pässwörd-123"}, status=422, field="password"),
        _case("bad registration name", "POST", T, json={**good_t, "registrationName": "bad name!"}, status=422,
              field="registrationName"),
        _case("long registration name", "POST", T, json={**good_t, "registrationName": "r" * 33}, status=422,
              field="registrationName"),
        _case("bad MAC", "POST", T, json={**good_t, "macAddress": "00:11:22:33:44"}, status=422, field="macAddress"),
        _case("bad MAC", "POST", T, json={**good_t, "macAddress": "zz:11:22:33:44:55"}, status=422, field="macAddress"),
        _case("unknown field", "POST", T, json={**good_t, "color": "red"}, status=422, code="unknown_field", field="color"),
        _case("short password (patch)", "PATCH", f"{T}/{tid}", json={"password": "short"}, status=422, field="password"),
        _case("bad MAC (patch)", "PATCH", f"{T}/{tid}", json={"macAddress": "nope"}, status=422, field="macAddress"),
        _case("kind is not patchable", "PATCH", f"{T}/{tid}", json={"kind": "standard_sip"}, status=422,
              code="unknown_field", field="kind"),
        _case("unknown field (identity)", "PUT", "/api/v1/system/identity", json={"name": "X", "foo": 1}, status=422,
              code="unknown_field", field="foo"),
        # 422: query parameters of the log
        _case("limit 0", "GET", "/api/v1/events?limit=0", status=422, field="?limit"),
        _case("limit > 1000", "GET", "/api/v1/events?limit=1001", status=422, field="?limit"),
        _case("after -1", "GET", "/api/v1/events?after=-1", status=422, field="?after"),
        _case("limit not a number", "GET", "/api/v1/events?limit=abc", status=422, field="?limit"),
        # 404
        _case("unknown user", "GET", srv.user_path("98765"), status=404, code="user_not_found"),
        _case("unknown user", "PUT", srv.user_path("98765"), json={"name": "Nobody"}, status=404, code="user_not_found"),
        _case("unknown user", "DELETE", srv.user_path("98765"), status=404, code="user_not_found"),
        _case("terminal for unknown user", "POST", T, json={**good_t, "userNumber": "98765"}, status=404,
              code="user_not_found", alternatives=[(422, None, "userNumber")]),
        _case("unknown terminal", "GET", f"{T}/9999", status=404, code="terminal_not_found"),
        _case("unknown terminal", "PATCH", f"{T}/9999", json={"registrationName": "ghost"}, status=404,
              code="terminal_not_found"),
        _case("unknown terminal", "DELETE", f"{T}/9999", status=404, code="terminal_not_found"),
        _case("unknown event", "GET", "/api/v1/events/999999", status=404, code="event_not_found"),
        _case("unknown route", "GET", "/api/v1/no-such-thing", status=404, code="route_not_found"),
        _case("unknown route", "POST", "/api/v2/users", json={"number": "702", "name": "X"}, status=404,
              code="route_not_found"),
        # A served path with a method it does not take is 405, not 404 (issue 13, point 21).
        _case("method not allowed", "DELETE", "/api/v1/users", status=405, code="method_not_allowed"),
        _case("position not a number", "GET", "/api/v1/events/abc", status=422, code="invalid_parameter"),
        # 409
        _case("stale version", "PUT", srv.user_path("700"), json={"name": "Stale"}, if_match=stale_user, status=409,
              code="version_conflict"),
        _case("stale version", "DELETE", srv.user_path("700"), if_match=stale_user, status=409, code="version_conflict"),
        _case("stale version", "PATCH", f"{T}/{tid}", json={"registrationName": "stale"}, if_match=stale_terminal,
              status=409, code="version_conflict"),
        _case("stale version", "DELETE", f"{T}/{tid}", if_match=stale_terminal, status=409, code="version_conflict"),
        _case("duplicate user", "POST", U, json={"number": "700", "name": "Again"}, status=409),
        _case("duplicate registration name", "POST", T, json={**good_t, "registrationName": "err-t1b"}, status=409),
        _case("duplicate MAC", "POST", T, json={**good_t, "macAddress": "00:aa:bb:cc:dd:01"}, status=409),
        _case("user has terminals", "DELETE", srv.user_path("700"), status=409),
    ]
    failures = _run_cases(srv, cases, check_error)

    # 409 capacity: 1,200 users fit, the 1,201st does not.
    existing = srv.get("/api/v1/users").body["users"]
    missing = USER_LIMIT - len(existing)
    numbers = [str(20000 + i) for i in range(missing)]
    bad: list[str] = []
    lock = threading.Lock()

    def create(number: str) -> None:
        r = srv.post("/api/v1/users", {"number": number, "name": f"Capacity {number}"}, idempotency_key=_key())
        if r.status != 201:
            with lock:
                bad.append(f"{number}: {r.describe()[:200]}")

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(create, numbers[:-10]))
    assert not bad, f"{len(bad)} of {missing} creations below the limit failed: {bad[:5]}"

    # The last 10 places are raced for by 30 concurrent creations: exactly 10 win, the others
    # are refused with capacity_exceeded and append nothing (decisions never rest on stale state).
    head = srv.head()
    racers = numbers[-10:] + [str(28000 + i) for i in range(20)]
    barrier = threading.Barrier(len(racers))

    def race(number: str):
        barrier.wait(timeout=30)
        return number, srv.post("/api/v1/users", {"number": number, "name": f"Racer {number}"}, idempotency_key=_key())

    with ThreadPoolExecutor(max_workers=len(racers)) as pool:
        results = list(pool.map(race, racers))
    won = [n for n, r in results if r.status == 201]
    refused = [(n, r) for n, r in results if r.status != 201]
    odd = [f"{n}: {r.describe()[:200]}" for n, r in refused
           if r.status != 409 or not isinstance(r.body, dict) or r.body.get("code") != "capacity_exceeded"]
    assert not odd, "racing creations at the limit: unexpected answers:\n" + "\n".join(odd)
    assert len(won) == 10, f"{len(won)} of 30 racing creations passed the last 10 places"
    assert srv.head() == head + 10, (head, srv.head())
    users = srv.get("/api/v1/users").body["users"]
    assert len(users) == USER_LIMIT, len(users)
    numbers = [u["number"] for u in users if u["number"] in set(numbers) | set(won)]

    head = srv.head()
    r = srv.post("/api/v1/users", {"number": "29999", "name": "One Too Many"}, idempotency_key=_key())
    cap_problems = []
    if r.status != 409:
        cap_problems.append(f"status {r.status}")
    cap_problems += check_error(r)
    body = r.body if isinstance(r.body, dict) else {}
    details = body.get("details") or {}
    if body.get("code") != "capacity_exceeded":
        cap_problems.append(f"code {body.get('code')!r}")
    if "capacity_exceeded(users, max: 1200)" not in str(body.get("message")):
        cap_problems.append(f"message {body.get('message')!r}")
    if details.get("limit") != "users" or str(details.get("max")) != "1200":
        cap_problems.append(f"details {details!r}")
    if srv.head() != head:
        cap_problems.append("head moved")
    if srv.get(srv.user_path("29999")).status != 404:
        cap_problems.append("the user exists")
    if cap_problems:
        failures.append(f"[1,201st user] POST /api/v1/users: {'; '.join(cap_problems)} — got {r.describe()[:300]}")

    cap = srv.get("/api/v1/capacity")
    limits = {x["limit"]: x for x in cap.body.get("limits", [])} if cap.status == 200 else {}
    if limits.get("users", {}).get("max") != 1200 or limits.get("users", {}).get("used") != 1200:
        failures.append(f"GET /api/v1/capacity users entry: {limits.get('users')!r} (expected max 1200, used 1200)")

    # The limit counts current users: after a deletion one more fits again.
    d = srv.delete(srv.user_path(numbers[-1]), idempotency_key=_key())
    assert d.status == 204, d.describe()
    again = srv.post("/api/v1/users", {"number": "29999", "name": "Fits Now"}, idempotency_key=_key())
    if again.status != 201:
        failures.append(f"after a deletion, creating the 1,200th user again: {again.describe()[:300]}")

    assert not failures, f"{len(failures)} error cases misbehave:\n" + "\n".join(failures)
