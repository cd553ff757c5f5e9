"""8. The OpenAPI document is valid and the real server implements every operation in it.

Every path+method of the document must answer something other than 404 `route_not_found` or
405. Each answer's status must be one the document lists for the operation, and a JSON answer
must match the documented schema (OpenAPI 3.0 `nullable` honoured, `$ref`s resolved). A
server-sent-events operation is opened at its own path, and its messages and their data must
match the schemas the document gives them.
"""

import copy
import json
import socket
import uuid
from pathlib import Path

import yaml

SPEC_PATH = Path(__file__).resolve().parents[2] / "Sources" / "AdminAPI" / "openapi.yaml"
# Valid requests the server rightly refuses in the state this test runs in; their answers are
# still checked against the document. An acknowledgement needs an integrity finding, which
# a sound log never has (test_truncated_log_refuses_writes.py makes one).
REFUSED_BY_STATE = {
    ("acknowledgeIntegrity", 409, "nothing_to_acknowledge"),
    # A restore that succeeded would restart the server in the middle of the walk; a wrong
    # passphrase exercises the route, its refusal and the body's schema.
    ("restoreBackup", 422, "wrong_key"),
    ("firstStart", 422, "invalid_field"),  # likewise: confirm false exercises the route without a reset
}
METHOD_ORDER = {"post": 0, "get": 1, "head": 2, "put": 3, "patch": 4, "options": 5, "delete": 6}


def _load_spec() -> dict:
    with open(SPEC_PATH) as f:
        return yaml.safe_load(f)


def _resolve(node, spec, seen=()):
    """Inline every $ref and turn OpenAPI 3.0 `nullable` into JSON Schema."""
    if isinstance(node, list):
        return [_resolve(x, spec, seen) for x in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), ref
        assert ref not in seen, f"recursive $ref {ref}"
        target = spec
        for part in ref[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        return _resolve(target, spec, seen + (ref,))
    out = {k: _resolve(v, spec, seen) for k, v in node.items()
           if k not in ("example", "examples", "xml", "externalDocs", "discriminator", "deprecated")}
    if out.pop("nullable", False):
        if "type" in out:
            out["type"] = [out["type"], "null"]
            if "enum" in out:
                out["enum"] = list(out["enum"]) + [None]
        else:
            out = {"anyOf": [out, {"type": "null"}]}
    out.pop("writeOnly", None)
    out.pop("readOnly", None)
    if "allOf" in out:
        # `SystemIdentity` is allOf[SystemIdentityInput (additionalProperties: false), {version}]:
        # read literally no instance could carry `version`. The intent is "the input's fields
        # plus version", so the closed-ness of a part is not applied across allOf.
        out["allOf"] = [{k: v for k, v in part.items() if k != "additionalProperties"} for part in out["allOf"]]
    return out


def _has_key(node, key: str) -> bool:
    if isinstance(node, dict):
        return key in node or any(_has_key(v, key) for v in node.values())
    if isinstance(node, list):
        return any(_has_key(v, key) for v in node)
    return False


def _sample(schema: dict):
    """A value that satisfies a (resolved) schema, for request bodies of unknown operations."""
    if "allOf" in schema:
        merged: dict = {}
        for part in schema["allOf"]:
            s = _sample(part)
            if isinstance(s, dict):
                merged.update(s)
        return merged
    if "enum" in schema:
        return schema["enum"][0]
    t = schema.get("type")
    t = t[0] if isinstance(t, list) else t
    if t == "object" or "properties" in schema:
        return {k: _sample(v) for k, v in schema.get("properties", {}).items() if k in schema.get("required", [])}
    if t == "array":
        return []
    if t == "integer":
        return 1
    if t == "number":
        return 1.0
    if t == "boolean":
        return True
    return "sample"


def _feed_problems(srv, spec: dict, op_id: str, path: str, documented: dict, what: str) -> list[str]:
    """Opens a server-sent-events operation at its own path (a feed the server does not have
    answers 404 there) and checks what it sends against the document: each message's fields
    against the operation's text/event-stream schema, each message's data against the schema
    that one names. What each feed must send is written out per operation below, so a feed
    added to the document fails here until it has its own check."""
    from jsonschema import Draft4Validator, FormatChecker

    problems: list[str] = []
    framing = _resolve(documented["200"]["content"]["text/event-stream"]["schema"], spec)
    schemas = spec["components"]["schemas"]
    paths = spec["paths"]

    def mismatches(instance, schema, where: str) -> list[str]:
        errors = sorted(Draft4Validator(_resolve(schema, spec), format_checker=FormatChecker()).iter_errors(instance), key=str)
        return [f"{what}: {where} does not match the document at {list(e.absolute_path)}: {e.message}" for e in errors[:3]]

    def receive(feed, where: str, event: str | None, data_schema):
        """The next message, checked; None (and a problem) when it is not what the document says."""
        try:
            message = feed.next_event(timeout=10)
        except socket.timeout:
            message = None
        if message is None:
            problems.append(f"{what}: no {where} within 10 s")
            return None
        fields = {k: v for k, v in (("id", message.id), ("event", message.event), ("data", message.data)) if v is not None}
        problems.extend(mismatches(fields, framing, f"the fields of the {where}"))
        if message.event != event:
            problems.append(f"{what}: the {where} is `event: {message.event}`, expected `event: {event}`")
            return None
        try:
            data = message.json()
        except ValueError:
            problems.append(f"{what}: the data of the {where} is not JSON: {message.data[:200]!r}")
            return None
        problems.extend(mismatches(data, data_schema, f"the data of the {where}"))
        return message

    def opened(feed) -> bool:
        ctype = feed.headers.get("content-type", "")
        if feed.status != 200 or not ctype.startswith("text/event-stream"):
            problems.append(f"{what}: {feed.status} {ctype} {feed.resp.read(300)!r}")
            return False
        return True

    if op_id == "eventFeed":
        # From the start of the log: the first message is event 1, an `Event`.
        with srv.stream(path + "?after=0", timeout=10) as feed:
            if opened(feed):
                first = receive(feed, "first message", None, schemas["Event"])
                if first is not None and (first.id != "1" or first.json().get("position") != 1):
                    problems.append(f"{what}: the first message after 0 is {first}")
    elif op_id == "eventMessageFeed":
        # From the head: the status as `GET /api/v1/event-messages/active` answers it, then for a
        # message raised now its `EventMessage` and the status after it.
        active = paths["/api/v1/event-messages/active"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        with srv.stream(path, timeout=10) as feed:
            if opened(feed) and receive(feed, "first message", "status", active) is not None:
                raised = srv.post("/api/v1/event-messages", {"type": "test_event_message"})
                if raised.status != 201:
                    problems.append(f"{what}: raising a message to watch failed — {raised.describe()[:200]}")
                else:
                    # The occurrence carries its position in its data; the status after it carries
                    # it as `id:`, so a client resuming there has had both.
                    expected = (raised.body["number"], raised.body["position"])
                    message = receive(feed, "message after a raise", "message", schemas["EventMessage"])
                    if message is not None and (message.json()["number"], message.json().get("position")) != expected:
                        problems.append(f"{what}: raised (number, position) {expected}, the feed sent {message.data[:200]}")
                    status = receive(feed, "status after the raise", "status", active)
                    if status is not None and status.id != str(raised.body["position"]):
                        problems.append(f"{what}: the status after position {expected[1]} has `id: {status.id}`")
    else:
        problems.append(f"{what}: a text/event-stream operation this test has no check for: add one to _feed_problems")
    return problems


def test_openapi_document_is_valid():
    from openapi_spec_validator import validate

    spec = _load_spec()
    validate(spec)
    assert spec["openapi"].startswith("3."), spec["openapi"]


def test_openapi_contract(server_factory, tmp_path):
    from jsonschema import Draft4Validator, FormatChecker

    from conftest import ADMIN_NAME, ADMIN_PASSWORD
    from peers import make_certificate

    spec = _load_spec()
    # Before the server: its virtual clock stands at its start, and the certificate must be
    # valid then.
    cert_path, key_path = make_certificate(tmp_path / "tls")
    # On a virtual clock, so that moving it is one of the operations that answer 200.
    srv = server_factory(args=["--virtual-clock"])
    u = srv.create_user("900", "Contract User")
    srv.create_user("902", "Contract Reception")
    # Message groups are made by PUT, which the walk reaches after GET: group 16 is there first.
    g = srv.put("/api/v1/message-groups/16", {"name": "System phone 1", "members": ["902"]})
    assert g.status == 200, g.describe()
    # Trunks, made by PUT like the groups: the sample account uses provider 2, so provider 1 can
    # be deleted at the end of the walk (a provider with accounts cannot).
    for number in (1, 2):
        p = srv.put(f"/api/v1/trunks/providers/{number}", {"name": f"Carrier {number}", "host": "127.0.0.1", "registrationRequired": False})
        assert p.status == 200, p.describe()
    sa = srv.put("/api/v1/trunks/accounts/1", {"provider": 2, "user": "contract", "password": "contract-secret"})
    assert sa.status == 200, sa.describe()
    t = srv.create_terminal("contract-t1")
    m = srv.post("/api/v1/event-messages", {"type": "charge_counter_overflow", "parameters": {"cause": 1, "number": 7}})
    a = srv.post("/api/v1/accounts", {"name": "contract-acct", "profile": "receptionist", "password": "Contract-Pass.1"})
    assert a.status == 201, a.describe()
    pr = srv.post("/api/v1/profiles", {"id": "contract-prof", "name": "Contract profile", "areas": {"users": "read"},
                                       "interfaces": ["webadmin_api"]})
    assert pr.status == 201, pr.describe()
    samples = {"number": u.body["number"], "id": str(t.body["id"]), "position": "1", "destination": "event_log",
               "kind": "local", "table": "3", "key": "test_event_message", "messageNumber": str(m.body["number"]),
               "name": "contract-acct", "group": "16", "provider": "1", "account": "1"}
    backup = srv.post("/api/v1/backups", {"passphrase": "contract sample phrase"})
    assert backup.status == 201, backup.describe()
    # `{id}` of a profile is the profile's id, not a terminal's; `{name}` of a backup its file's.
    path_samples = {"/api/v1/profiles/{id}": {"id": "contract-prof"},
                    "/api/v1/backups/{folder}/{name}": {"folder": "manual", "name": backup.body["name"]},
                    "/api/v1/backups/{folder}/{name}/restore": {"folder": "manual", "name": backup.body["name"]}}
    bodies = {
        "putSystemIdentity": {"name": "Contract PBX", "systemId": "CP-contract"},
        "setTLSCertificate": {"certificateChain": open(cert_path).read(), "privateKey": open(key_path).read()},
        "createUser": {"number": "901", "name": "Contract Created", "language": "en"},
        "updateUser": {"name": "Contract Updated"},
        "createTerminal": {"kind": "system_sip", "registrationName": "contract-t2", "password": "password-123"},
        "updateTerminal": {"macAddress": "00:0C:0D:0E:0F:10"},
        "raiseEventMessage": {"type": "test_event_message"},
        "updateDestination": {"table": 4},
        "updateEventTable": {"rows": {"malfunction": {"mode": "custom", "frequency": 2, "periodHours": 1}}},
        "advanceClock": {"seconds": 60},
        # A second admin session (the harness holds the first): `DELETE /api/v1/session` ends
        # this one, so the harness's own token stays valid to the end.
        "createSession": {"name": ADMIN_NAME, "password": ADMIN_PASSWORD, "interface": "api"},
        "createAccount": {"name": "contract-new", "profile": "receptionist", "password": "Contract-Pass.1"},
        "updateAccount": {"profile": "system_assistant"},
        "setAccountPassword": {"newPassword": "Contract-Pass.2"},
        "createProfile": {"id": "contract-new", "name": "Contract new", "areas": {"users": "write"},
                          "interfaces": ["webadmin_api"], "fileAccess": "none"},
        "updateProfile": {"name": "Contract profile 2", "areas": {"users": "write", "system": "read"},
                          "interfaces": ["webadmin_api"]},
        "updateAccessControlSettings": {"idleTimeoutMinutes": 30},
        "setRemoteMaintenance": {"mode": "permanent"},
        "setSNMPAgent": {"communities": ["contract-ro"], "users": [{"name": "contract", "authPassphrase": "contract-auth-1",
                                                                     "privPassphrase": "contract-priv-1"}],
                         "allowedNetworks": ["127.0.0.0/8"]},
        "setDoSProtection": {"failedRegistrations": 10, "transactions": 20000, "requestsWithoutSession": 50,
                             "modifiedMessages": 0, "windowSeconds": 30, "blockSeconds": 1200},
        # 900 is deleted at the end of the walk; the emergency destination must not be (409).
        "setMessageGroup": {"name": "System phone 1", "members": ["900", "902"]},
        "updateUserTelephony": {"remoteMaintenanceAccess": True, "busyOnBusy": True, "callForwardingUnconditional": "902"},
        "setEmergencyNumbers": {"numbers": ["112", "19222"], "internalDestination": "902"},
        "setSIPProvider": {"name": "Contract carrier", "host": "127.0.0.1", "port": 5070, "registrationRequired": False},
        "setTrunkRouting": {"exchangeAccessCode": "00"},
        "setMediaRelay": {"firstPort": 41000, "lastPort": 41099, "relayedTerminalKinds": ["standard_sip"]},
        "setSMTPServer": {"host": "mail.example.com", "security": "tls", "authentication": "plain", "user": "pbx",
                          "password": "contract-mail-1", "sender": "pbx@example.com"},
        # No rows: a row would keep the walk's last DELETE of the account from succeeding
        # (ddi_in_plan). 902 is not deleted by the walk.
        "setDDIPlan": {"assignments": [], "defaultDestination": "902"},
        "setBackupSettings": {"autoBackup": True, "time": "03:30", "keepDays": 3, "passphrase": "contract backup phrase",
                              "ftp": {"host": "127.0.0.1", "port": 2121, "user": "pbx", "password": "contract-ftp-1", "directory": "pbx"}},
        "createBackup": {"passphrase": "contract manual phrase"},
        # Off: the walk must not have the agent dial anywhere.
        "setSRMSettings": {"enabled": False, "host": "srm.example.com", "secret": "contract-srm-secret-0001"},
        "restoreBackup": {"passphrase": "not the archive's passphrase"},
        "firstStart": {"confirm": False},
        "setSIPAccount": {"provider": 2, "user": "contract", "password": "contract-secret-2", "ddis": ["0441230000-0441230009"], "channels": 3},
    }
    # The CSV sheets of the imports (`text/csv`, not JSON): one new user, one new terminal.
    csv_bodies = {
        "importUsers": "number,name,email,language\r\n903,Contract Imported,,en\r\n",
        "importTerminals": "id,kind,registrationName,password\r\n,system_sip,contract-t3,password-123\r\n",
    }
    second_session: dict = {}

    operations = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method in METHOD_ORDER:
                params = item.get("parameters", []) + op.get("parameters", [])
                operations.append((path, method, op, params))
    # Creations first, deletions last, so each operation finds its sample entity.
    operations.sort(key=lambda x: (METHOD_ORDER[x[1]], -x[0].count("/")))
    assert operations, "the document lists no operations"

    problems: list[str] = []
    checked = 0
    feeds: list[str] = []
    for path, method, op, params in operations:
        op_id = op.get("operationId", f"{method} {path}")
        concrete = path
        for p in params:
            p = _resolve(p, spec)
            if p.get("in") == "path":
                value = path_samples.get(path, {}).get(p["name"]) or samples.get(p["name"], "1")
                concrete = concrete.replace("{" + p["name"] + "}", value)
        body = None
        csv_body = None
        if "requestBody" in op:
            rb = _resolve(op["requestBody"], spec)
            if "text/csv" in rb["content"]:
                csv_body = csv_bodies.get(op_id)
                if csv_body is None:
                    problems.append(f"{method.upper()} {path} ({op_id}): a text/csv body this test has no sample for: add one to csv_bodies")
                    checked += 1
                    continue
            else:
                body = bodies.get(op_id)
                if body is None:
                    body = _sample(rb["content"]["application/json"]["schema"])
        headers = {"Idempotency-Key": str(uuid.uuid4())} if method != "get" else {}
        what = f"{method.upper()} {concrete} ({op_id})"
        documented = {str(k): v for k, v in op.get("responses", {}).items()}

        if "text/event-stream" in json.dumps(documented):
            problems.extend(_feed_problems(srv, spec, op_id, concrete, documented, what))
            feeds.append(op_id)
            checked += 1
            continue

        token = {}
        if (method, path) == ("delete", "/api/v1/session"):
            if "token" not in second_session:
                problems.append(f"{what}: no second session to end (POST /api/v1/session failed)")
                checked += 1
                continue
            token = {"token": second_session["token"]}
        if csv_body is not None:
            r = srv.request(method.upper(), concrete, raw=csv_body, headers={**headers, "Content-Type": "text/csv"}, **token)
        elif body is not None:
            r = srv.request(method.upper(), concrete, copy.deepcopy(body), headers=headers, **token)
        else:
            r = srv.request(method.upper(), concrete, headers=headers, **token)
        if (method, path) == ("post", "/api/v1/session") and r.status == 201 and isinstance(r.body, dict):
            second_session["token"] = r.body.get("token")
        checked += 1
        code = r.body.get("code") if isinstance(r.body, dict) else None
        if r.status == 405 or (r.status == 404 and code == "route_not_found") or (r.status == 404 and code is None):
            problems.append(f"{what}: not implemented — {r.describe()[:200]}")
            continue
        spec_resp = documented.get(str(r.status)) or documented.get(f"{str(r.status)[0]}XX") or documented.get("default")
        if spec_resp is None:
            problems.append(f"{what}: answered {r.status}, the document lists {sorted(documented)} — {r.describe()[:200]}")
            continue
        if r.status // 100 != 2 and (op_id, r.status, code) not in REFUSED_BY_STATE:
            problems.append(f"{what}: valid sample request refused — {r.describe()[:300]}")
        spec_resp = _resolve(spec_resp, spec)
        content = spec_resp.get("content") or {}
        if not content:
            if r.raw.strip():
                problems.append(f"{what}: {r.status} documented without a body, got {r.raw[:100]!r}")
            continue
        ctype = r.headers.get("content-type", "").split(";")[0].strip()
        if ctype not in content:
            problems.append(f"{what}: content-type {ctype!r}, documented {sorted(content)}")
            continue
        schema = content[ctype].get("schema")
        if ctype == "application/json" and schema is not None:
            errors = sorted(Draft4Validator(schema, format_checker=FormatChecker()).iter_errors(r.body), key=str)
            for e in errors[:3]:
                problems.append(f"{what}: body does not match the schema at {list(e.absolute_path)}: {e.message}")
        if "terminal" in path and _has_key(r.body, "password"):
            problems.append(f"{what}: a password is returned: {r.body}")
        if ("/accounts" in path or "/session" in path) and any(
                _has_key(r.body, k) for k in ("password", "currentPassword", "newPassword", "passwordHash", "hash")):
            problems.append(f"{what}: a password or hash is returned: {r.body}")

    assert checked == len(operations)
    assert {"eventFeed", "eventMessageFeed"} <= set(feeds), f"server-sent-events operations checked: {feeds}"
    # The harness's own session survived every operation; the second one is over.
    assert srv.get("/api/v1/session").status == 200, "the harness's session ended during the contract run"
    if second_session.get("token"):
        assert srv.get("/api/v1/session", token=second_session["token"]).status == 401
    # The check above means something only if the server does report unknown routes as such.
    nope = srv.get("/api/v1/this-route-does-not-exist")
    assert nope.status == 404 and isinstance(nope.body, dict) and nope.body.get("code") == "route_not_found", nope.describe()
    assert not problems, f"{len(problems)} contract problems:\n" + "\n".join(problems)


def test_error_responses_match_schema(server):
    """Errors of each kind carry the documented {code, message, details} with string details."""
    from jsonschema import Draft4Validator

    spec = _load_spec()
    schema = _resolve(spec["components"]["schemas"]["Error"], spec)
    srv = server
    srv.create_user("910", "Error Schema")
    answers = [
        srv.post("/api/v1/users", raw="{", idempotency_key=str(uuid.uuid4())),
        srv.post("/api/v1/users", {"number": "x", "name": "X"}, idempotency_key=str(uuid.uuid4())),
        srv.get("/api/v1/users/99999"),
        srv.put("/api/v1/users/910", {"name": "Y"}, if_match=99, idempotency_key=str(uuid.uuid4())),
    ]
    problems = []
    for r in answers:
        for e in Draft4Validator(schema).iter_errors(r.body):
            problems.append(f"{r.status} {r.body}: {e.message}")
    assert [r.status for r in answers] == [400, 422, 404, 409], [r.describe() for r in answers]
    assert not problems, "\n".join(problems)
