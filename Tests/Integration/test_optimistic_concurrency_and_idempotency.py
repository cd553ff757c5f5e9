"""5. If-Match (optimistic concurrency) and Idempotency-Key (safe retries)."""

import uuid


def _key() -> str:
    return str(uuid.uuid4())


def test_optimistic_concurrency_and_idempotency(server, check_error):
    srv = server
    created = srv.create_user("501", "Grace Hopper")
    v1 = created.body["version"]
    assert created.headers.get("etag") == f'"{v1}"', created.headers

    g = srv.get(srv.user_path("501"))
    assert g.status == 200 and g.body["version"] == v1 and g.headers.get("etag") == f'"{v1}"', g.describe()

    # The right version: accepted, version moves on, ETag follows.
    ok = srv.put(srv.user_path("501"), {"name": "Grace B. Hopper"}, if_match=v1, idempotency_key=_key())
    assert ok.status == 200, ok.describe()
    v2 = ok.body["version"]
    assert v2 == v1 + 1 and ok.headers.get("etag") == f'"{v2}"', (ok.body, ok.headers)
    assert ok.position == srv.head(), (ok.position, srv.head())
    ev = srv.get(f"/api/v1/events/{ok.position}").body
    assert ev["type"] == "user.updated" and ev["stream"] == "user/501" and ev["version"] == v2, ev

    # A stale version: 409 version_conflict, nothing appended, nothing changed.
    for method, body in (("PUT", {"name": "Stale writer"}), ("DELETE", None)):
        head = srv.head()
        kw = {"if_match": v1, "idempotency_key": _key()}
        r = srv.put(srv.user_path("501"), body, **kw) if method == "PUT" else srv.delete(srv.user_path("501"), **kw)
        assert r.status == 409, f"{method} with stale If-Match: {r.describe()}"
        assert not check_error(r), check_error(r)
        assert r.body["code"] == "version_conflict", r.body
        assert srv.head() == head, f"{method} with stale If-Match appended an event"
        now = srv.get(srv.user_path("501"))
        assert now.status == 200 and now.body["name"] == "Grace B. Hopper" and now.body["version"] == v2, now.describe()

    # Same for terminals and the system identity.
    t = srv.create_terminal("occ-t1")
    tid, tv = t.body["id"], t.body["version"]
    assert "password" not in t.body and t.body["passwordSet"] is True, t.body
    p = srv.patch(f"/api/v1/terminals/{tid}", {"macAddress": "00:11:22:33:44:55"}, if_match=tv, idempotency_key=_key())
    assert p.status == 200 and p.body["version"] == tv + 1, p.describe()
    head = srv.head()
    for method in ("PATCH", "DELETE"):
        if method == "PATCH":
            r = srv.patch(f"/api/v1/terminals/{tid}", {"registrationName": "occ-stale"}, if_match=tv, idempotency_key=_key())
        else:
            r = srv.delete(f"/api/v1/terminals/{tid}", if_match=tv, idempotency_key=_key())
        assert r.status == 409 and r.body.get("code") == "version_conflict", f"{method} terminal: {r.describe()}"
        assert srv.head() == head
    ident = srv.get("/api/v1/system/identity")
    assert ident.status == 200, ident.describe()
    iv = ident.body["version"]
    r = srv.put("/api/v1/system/identity", {"name": "OCC PBX"}, if_match=iv, idempotency_key=_key())
    assert r.status == 200 and r.body["version"] == iv + 1, r.describe()
    head = srv.head()
    r = srv.put("/api/v1/system/identity", {"name": "Stale PBX"}, if_match=iv, idempotency_key=_key())
    assert r.status == 409 and r.body.get("code") == "version_conflict", r.describe()
    assert srv.head() == head and srv.get("/api/v1/system/identity").body["name"] == "OCC PBX"

    # Idempotency: the same POST twice with one key appends once and answers the same.
    key = _key()
    body = {"number": "502", "name": "Katherine Johnson", "language": "en"}
    head = srv.head()
    first = srv.post("/api/v1/users", body, idempotency_key=key)
    assert first.status == 201, first.describe()
    assert first.position == head + 1 == srv.head(), (head, first.position)
    second = srv.post("/api/v1/users", body, idempotency_key=key)
    assert second.status == first.status, f"retry: {second.describe()}"
    assert second.position == first.position, (first.headers, second.headers)
    assert srv.head() == head + 1, "the retried POST appended again"
    for field in ("number", "name", "language", "version"):
        assert second.body.get(field) == first.body.get(field), (first.body, second.body)
    created = srv.all_events(type="user.created", stream="user/502")
    assert len(created) == 1, created

    # …and still after other writes in between.
    srv.create_user("503", "Dorothy Vaughan")
    head = srv.head()
    third = srv.post("/api/v1/users", body, idempotency_key=key)
    assert third.status == first.status and third.position == first.position, third.describe()
    assert srv.head() == head

    # The same for an update and for a terminal creation.
    key = _key()
    u1 = srv.put(srv.user_path("502"), {"name": "K. Johnson"}, idempotency_key=key)
    assert u1.status == 200, u1.describe()
    head = srv.head()
    u2 = srv.put(srv.user_path("502"), {"name": "K. Johnson"}, idempotency_key=key)
    assert u2.status == 200 and u2.position == u1.position and u2.body["version"] == u1.body["version"], u2.describe()
    assert srv.head() == head

    key = _key()
    tbody = {"kind": "system_sip", "registrationName": "idem-t", "password": "password-123", "userNumber": "502"}
    t1 = srv.post("/api/v1/terminals", tbody, idempotency_key=key)
    assert t1.status == 201, t1.describe()
    head = srv.head()
    t2 = srv.post("/api/v1/terminals", tbody, idempotency_key=key)
    assert t2.status == 201 and t2.position == t1.position and t2.body["id"] == t1.body["id"], t2.describe()
    assert srv.head() == head
    terminals = [x for x in srv.get("/api/v1/terminals").body["terminals"] if x["registrationName"] == "idem-t"]
    assert len(terminals) == 1, terminals

    # A different key is a different request: the duplicate is now refused (409), nothing appended.
    r = srv.post("/api/v1/users", body, idempotency_key=_key())
    assert r.status == 409, r.describe()
    assert srv.head() == head
