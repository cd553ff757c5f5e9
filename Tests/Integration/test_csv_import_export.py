"""Issue 18, point 7: users and terminals exported as CSV sheets, edited in a spreadsheet (here
Python's `csv` module) and imported again (manual §5.6.5), with a dry run that lists what
would change and a refusal that names the row and the column of a bad cell.

Against the real server: export → edit → dry run lists exactly the edits and appends nothing →
import writes them as the admin → export again equals the edited sheet; a bad row is refused
with its row (the header is row 1) and column, and nothing of the file is written.
"""

from __future__ import annotations

import csv
import io
import uuid

USERS_EXPORT = "/api/v1/users/export"
USERS_IMPORT = "/api/v1/users/import"
TERMINALS_EXPORT = "/api/v1/terminals/export"
TERMINALS_IMPORT = "/api/v1/terminals/import"


def export(srv, path: str) -> list[list[str]]:
    r = srv.get(path)
    assert r.status == 200, r.describe()
    assert r.headers["content-type"] == "text/csv; charset=utf-8", r.headers
    text = r.raw.decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", ""), repr(text[:200])
    return list(csv.reader(io.StringIO(text, newline="")))


def sheet(rows: list[list[str]]) -> str:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def send(srv, path: str, rows: list[list[str]] | str, dry_run: bool, key: str | None = None):
    body = rows if isinstance(rows, str) else sheet(rows)
    headers = {"Content-Type": "text/csv"}
    if key:
        headers["Idempotency-Key"] = key
    return srv.post(f"{path}?dryRun={'true' if dry_run else 'false'}", raw=body.encode("utf-8"), headers=headers)


def test_users_round_trip_through_a_spreadsheet(server):
    srv = server
    srv.create_user("101", "Anna Muster", email="anna@example.com")
    srv.create_user("102", "=Formula, Bert")
    srv.create_user("103", "Carl", language="de")

    rows = export(srv, USERS_EXPORT)
    assert rows == [["number", "name", "email", "language"],
                    ["101", "Anna Muster", "anna@example.com", "en"],
                    ["102", "'=Formula, Bert", "", "en"],
                    ["103", "Carl", "", "de"]], rows

    edited = [r[:] for r in rows]
    edited[1][2] = ""  # row 2: 101's e-mail cleared
    edited[3][1] = "Carl Neu"  # row 4: 103 renamed…
    edited[3][2] = "carl@example.com"  # …and given an address
    edited.append(["104", "Dora", "dora@example.com", "fr"])  # row 5: a new user
    edited.append(["105", "Emil", "", ""])  # row 6: new, the language left to the default

    head = srv.head()
    dry = send(srv, USERS_IMPORT, edited, dry_run=True)
    assert dry.status == 200, dry.describe()
    assert dry.body["dryRun"] is True
    assert dry.body["rows"] == [
        {"row": 2, "action": "update", "key": "101", "changes": ["email"]},
        {"row": 3, "action": "unchanged", "key": "102", "changes": []},
        {"row": 4, "action": "update", "key": "103", "changes": ["name", "email"]},
        {"row": 5, "action": "create", "key": "104", "changes": ["number", "name", "email", "language"]},
        {"row": 6, "action": "create", "key": "105", "changes": ["number", "name", "language"]},
    ], dry.body
    assert srv.head() == head, "a dry run appended events"
    assert export(srv, USERS_EXPORT) == rows, "a dry run changed the users"

    done = send(srv, USERS_IMPORT, edited, dry_run=False)
    assert done.status == 200, done.describe()
    assert done.body["dryRun"] is False and done.body["rows"] == dry.body["rows"], done.body
    assert int(done.headers["callplane-position"]) == done.body["position"]
    events = srv.all_events(after=head)
    assert [(e["type"], e["stream"]) for e in events] == [
        ("user.updated", "user/101"), ("user.updated", "user/103"), ("user.created", "user/104"), ("user.created", "user/105")], events
    assert {e["actor"] for e in events} == {"admin"}, events
    assert events[-1]["position"] == done.body["position"]

    expected = [r[:] for r in edited]
    expected[5][3] = "en"
    assert export(srv, USERS_EXPORT) == expected

    # The same file again changes nothing.
    again = send(srv, USERS_IMPORT, expected, dry_run=False)
    assert again.status == 200 and {r["action"] for r in again.body["rows"]} == {"unchanged"}, again.describe()
    assert srv.head() == events[-1]["position"]


def test_a_bad_row_is_refused_with_its_row_and_column_and_nothing_is_written(server):
    srv = server
    srv.create_user("201", "Anna")
    head = srv.head()
    rows = [["number", "name", "email"],
            ["202", "Bert", ""],  # row 2: fine, would be created
            ["201", "Anna B", ""],  # row 3: fine, would be updated
            ["203", "Carl", "not an address"]]  # row 4: refused
    for dry_run in (True, False):
        r = send(srv, USERS_IMPORT, rows, dry_run=dry_run)
        assert r.status == 422, r.describe()
        assert r.body["code"] == "import_refused", r.body
        assert r.body["details"]["row"] == "4" and r.body["details"]["column"] == "email", r.body
        assert r.body["details"]["rule"], r.body
        assert srv.head() == head, "a refused import appended events"
    assert [u["number"] for u in srv.get("/api/v1/users").body["users"]] == ["201"]

    # Malformed CSV, unknown and missing columns: row and column named.
    for body, row, column in [
        ("number,name\r\n204,\"Dora\r\n", "2", "name"),
        ("number,name\r\n204,Dora,extra\r\n", "2", "column 3"),
        ("number,nmae\r\n204,Dora\r\n", "1", "nmae"),
        ("name\r\nDora\r\n", "1", "number"),
    ]:
        r = send(srv, USERS_IMPORT, body, dry_run=False)
        assert r.status == 422 and r.body["code"] == "import_refused", r.describe()
        assert (r.body["details"]["row"], r.body["details"].get("column")) == (row, column), (body, r.body)
    assert srv.head() == head


def test_terminals_round_trip_and_rows_see_the_rows_above(server):
    srv = server
    srv.create_user("301", "Anna")
    t = srv.create_terminal("t-301", userNumber="301").body
    rows = export(srv, TERMINALS_EXPORT)
    assert rows == [["id", "kind", "registrationName", "userNumber", "macAddress", "srtp"],
                    [str(t["id"]), "standard_sip", "t-301", "301", "", "preferred"]], rows
    assert "password" not in srv.get(TERMINALS_EXPORT).raw.decode()

    head = srv.head()
    users = send(srv, USERS_IMPORT, [["number", "name"], ["302", "Bert"]], dry_run=False)
    assert users.status == 200, users.describe()

    edited = [rows[0] + ["password"],
              rows[1][:4] + ["00:0c:29:aa:bb:cc", "mandatory", ""],  # row 2: MAC and SRTP, password kept
              ["", "system_sip", "t-302", "302", "", "", "pass-302-xyz"]]  # row 3: new, for the new user
    dry = send(srv, TERMINALS_IMPORT, edited, dry_run=True)
    assert dry.status == 200, dry.describe()
    new_id = str(t["id"] + 1)
    assert dry.body["rows"] == [
        {"row": 2, "action": "update", "key": str(t["id"]), "changes": ["macAddress", "srtp"]},
        {"row": 3, "action": "create", "key": new_id, "changes": ["kind", "registrationName", "password", "userNumber", "srtp"]},
    ], dry.body
    after_users = srv.head()

    key = str(uuid.uuid4())
    done = send(srv, TERMINALS_IMPORT, edited, dry_run=False, key=key)
    assert done.status == 200 and done.body["rows"] == dry.body["rows"], done.describe()
    events = srv.all_events(after=after_users)
    assert [(e["type"], e["stream"], e["actor"]) for e in events] == [
        ("terminal.updated", f"terminal/{t['id']}", "admin"), ("terminal.created", f"terminal/{new_id}", "admin")], events
    assert export(srv, TERMINALS_EXPORT) == [
        rows[0],
        [str(t["id"]), "standard_sip", "t-301", "301", "00:0C:29:AA:BB:CC", "mandatory"],
        [new_id, "system_sip", "t-302", "302", "", "preferred"]]

    # The same request again with its key writes nothing twice (the new terminal above all).
    retry = send(srv, TERMINALS_IMPORT, edited, dry_run=False, key=key)
    assert retry.status == 200, retry.describe()
    assert [(r["row"], r["action"], r["key"]) for r in retry.body["rows"]] == [
        (2, "update", str(t["id"])), (3, "create", new_id)], retry.body
    assert srv.head() == events[-1]["position"]

    # A terminal for a user that does not exist: row and column named, nothing written.
    bad = send(srv, TERMINALS_IMPORT, [["id", "kind", "registrationName", "userNumber", "password"],
                                       ["", "standard_sip", "t-303", "302", "pass-303-xyz"],
                                       ["", "standard_sip", "t-304", "399", "pass-304-xyz"]], dry_run=False)
    assert bad.status == 422 and bad.body["details"]["row"] == "3" and bad.body["details"]["column"] == "userNumber", bad.describe()
    assert srv.head() == events[-1]["position"]
    assert head < after_users
