"""The admin API over HTTPS (`--tls-certificate`/`--tls-key`): passwords and session tokens
never cross the network in clear, and the session cookie is Secure/HttpOnly/SameSite=Strict."""

import http.client
import json
import ssl
import time

import pytest

from conftest import HOST
from peers import make_certificate


def https(port: int, method: str, path: str, context: ssl.SSLContext, body=None, headers=None):
    conn = http.client.HTTPSConnection(HOST, port, context=context, timeout=10)
    try:
        conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers or {})
        resp = conn.getresponse()
        raw = resp.read()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, (json.loads(raw) if raw else None)
    finally:
        conn.close()


def test_admin_api_serves_https_only_when_given_a_certificate(server_factory, tmp_path):
    cert, key = make_certificate(tmp_path / "tls")
    srv = server_factory(start=False)
    srv.start("--tls-certificate", cert, "--tls-key", key, wait=False, login=False)
    context = ssl.create_default_context(cafile=cert)
    deadline = time.monotonic() + 60
    while True:
        try:
            status, _, _ = https(srv.port, "GET", "/ready", context)
            if status == 200:
                break
        except (OSError, http.client.HTTPException):
            pass
        assert time.monotonic() < deadline, f"no HTTPS answer.\n{srv.log_tail()}"
        time.sleep(0.1)

    status, headers, body = https(srv.port, "POST", "/api/v1/session", context, {"name": "admin", "password": "password"})
    assert status == 201, body
    cookie = headers.get("set-cookie", "")
    assert cookie.startswith("callplane_session=" + body["token"]), cookie
    for attribute in ("HttpOnly", "Secure", "SameSite=Strict", "Path=/"):
        assert attribute in cookie, cookie
    # The cookie alone is a session: the first-start account is told to change its password.
    status, _, body = https(srv.port, "GET", "/api/v1/users", context, headers={"Cookie": f"callplane_session={body['token']}"})
    assert status == 403 and body["code"] == "password_change_required", body

    # Plain HTTP on the same port gets no answer, and an untrusting client refuses the handshake.
    conn = http.client.HTTPConnection(HOST, srv.port, timeout=5)
    with pytest.raises((http.client.HTTPException, OSError)):
        conn.request("GET", "/health")
        conn.getresponse().read()
    conn.close()
    with pytest.raises(ssl.SSLError):
        https(srv.port, "GET", "/health", ssl.create_default_context())


def test_a_certificate_without_its_key_stops_the_server_naming_the_setting(server_factory, tmp_path):
    cert, _ = make_certificate(tmp_path / "tls")
    srv = server_factory(start=False)
    srv.start("--tls-certificate", cert, wait=False, login=False)
    assert srv.proc.wait(timeout=60) != 0
    assert "http.tlsKey" in srv.log_path.read_text() or "http.tlsKey" in srv.log_tail(), srv.log_tail()
