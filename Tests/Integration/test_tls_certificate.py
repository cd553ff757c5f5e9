"""Issue 15, point 1: the system's own TLS certificate.

At its first start the server makes its own CA and a server certificate signed by it, keeps the
keys sealed in the log and raises "TLS certificate was generated" (code 149); a restart keeps
it. `openssl` checks what `GET /api/v1/tls/certificate` returns: the names, the fingerprint and
the chain. On the virtual clock, "TLS certificate expires soon" (code 146) is raised once as
serious 30 days before the end and once as critical at the end. An administrator's own
certificate replaces it; a key of another certificate or an expired chain is refused.
"""

from __future__ import annotations

import datetime
import subprocess

from conftest import eventually, free_udp_tcp_port
from peers import make_certificate

DAY = 86400
MAX_ADVANCE = 30 * DAY  # POST /api/v1/clock/advance moves at most 30 days at once


def parse_time(text: str) -> datetime.datetime:
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc)


def clock_now(server) -> datetime.datetime:
    r = server.post("/api/v1/clock/advance", {"seconds": 0})
    assert r.status == 200, r.describe()
    return parse_time(r.body["now"])


def advance(server, seconds: int) -> None:
    """Moves the virtual clock in steps the API allows; sessions age too, so log in again."""
    while seconds > 0:
        step = min(seconds, MAX_ADVANCE)
        r = server.post("/api/v1/clock/advance", {"seconds": step})
        if r.status == 401:
            server.login()
            r = server.post("/api/v1/clock/advance", {"seconds": step})
        assert r.status == 200, r.describe()
        seconds -= step
    if server.get("/api/v1/session").status == 401:
        server.login()


def expiry_messages(server) -> list[dict]:
    r = server.get("/api/v1/event-messages/log")
    assert r.status == 200, r.describe()
    return [m for m in r.body["messages"] if m["code"] == 146]


def openssl(*args: str, stdin: str | None = None) -> str:
    proc = subprocess.run(["openssl", *args], input=stdin, capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, f"openssl {' '.join(args)}: {proc.stderr}"
    return proc.stdout


def test_first_start_generates_the_certificate_and_its_expiry_is_raised_once_per_step(server_factory, tmp_path):
    port = free_udp_tcp_port()
    # A second listen address, so a configured host shows in the names.
    srv = server_factory(args=["--virtual-clock", "--sip-listen", f"udp:127.0.0.1:{port},tcp:127.0.0.2:{port}"])
    r = srv.get("/api/v1/tls/certificate")
    assert r.status == 200, r.describe()
    cert = r.body
    assert cert["origin"] == "generated" and cert["expiry"] == "valid", cert
    assert "PRIVATE KEY" not in r.raw.decode(), "a private key in the answer"
    assert cert["subjectAlternativeNames"] == ["DNS:localhost", "IP:127.0.0.1", "IP:::1", "IP:127.0.0.2"], cert
    issued = parse_time(cert["notBefore"]) + datetime.timedelta(hours=1)
    assert parse_time(cert["notAfter"]) - issued == datetime.timedelta(days=730), cert
    assert abs((clock_now(srv) - issued).total_seconds()) < 60

    # openssl reads the same certificate: its names, its fingerprint, its CA.
    chain = tmp_path / "chain.pem"
    chain.write_text(cert["certificateChain"])
    ca = tmp_path / "ca.pem"
    ca.write_text(cert["authorityCertificate"])
    names = openssl("x509", "-in", str(chain), "-noout", "-ext", "subjectAltName")
    for expected in ("DNS:localhost", "IP Address:127.0.0.1", "IP Address:0:0:0:0:0:0:0:1", "IP Address:127.0.0.2"):
        assert expected in names, names
    fingerprint = openssl("x509", "-in", str(chain), "-noout", "-fingerprint", "-sha256")
    assert fingerprint.strip().split("=", 1)[1] == cert["fingerprint"], (fingerprint, cert["fingerprint"])
    assert "CN = Callplane CA CP-" in openssl("x509", "-in", str(ca), "-noout", "-subject")
    usage = openssl("x509", "-in", str(chain), "-noout", "-ext", "extendedKeyUsage,basicConstraints")
    assert "TLS Web Server Authentication" in usage and "TLS Web Client Authentication" in usage and "CA:FALSE" in usage, usage
    assert openssl("verify", "-CAfile", str(ca), "-verify_hostname", "localhost", str(chain)).strip().endswith("OK")

    # Code 149, raised by the system; the keys in the log only sealed.
    generated = [m for m in srv.get("/api/v1/event-messages/log").body["messages"] if m["code"] == 149]
    assert len(generated) == 1 and generated[0]["type"] == "tls_certificate_generated", generated
    installed = srv.all_events(type="tls.certificate.installed")
    assert len(installed) == 1 and installed[0]["actor"] == "system", installed
    payload = installed[0]["payload"]
    assert payload["privateKey"] == "[sealed]" and payload["authorityKey"] == "[sealed]", payload
    assert "PRIVATE KEY" not in srv.read_db("SELECT group_concat(payload) FROM events")[0][0]

    # A restart keeps it and raises nothing new.
    srv.restart()
    assert srv.get("/api/v1/tls/certificate").body["fingerprint"] == cert["fingerprint"]
    assert len([m for m in srv.get("/api/v1/event-messages/log").body["messages"] if m["code"] == 149]) == 1
    assert len(srv.all_events(type="tls.certificate.installed")) == 1

    # 30 days before the end: serious, once.
    warning = parse_time(cert["notAfter"]) - datetime.timedelta(days=30)
    advance(srv, int((warning - clock_now(srv)).total_seconds()) + 60)
    soon = eventually("'expires soon' is raised", lambda: expiry_messages(srv))
    assert [(m["severity"], m["type"]) for m in soon] == [("serious", "tls_certificate_expires_soon")], soon
    assert soon[0]["parameters"] == {"endpointType": "0", "nodeOrCertificate": "1"}, soon
    assert srv.get("/api/v1/tls/certificate").body["expiry"] == "expires_soon"
    advance(srv, 3 * 3600)  # three more hourly looks
    srv.restart()  # and a restart
    advance(srv, 3600)
    assert len(expiry_messages(srv)) == 1, expiry_messages(srv)

    # At the end: critical, once.
    advance(srv, int((parse_time(cert["notAfter"]) - clock_now(srv)).total_seconds()) + 60)
    eventually("'expired' is raised", lambda: len(expiry_messages(srv)) == 2)
    advance(srv, 2 * DAY)
    messages = expiry_messages(srv)
    assert [m["severity"] for m in messages] == ["critical", "serious"], messages  # newest first
    active = srv.get("/api/v1/event-messages/active").body["active"]
    assert [m["severity"] for m in active if m["type"] == "tls_certificate_expires_soon"] == ["critical"], active
    assert srv.get("/api/v1/tls/certificate").body["expiry"] == "expired"


def test_an_administrators_own_certificate_replaces_it(server_factory, tmp_path):
    # A self-signed certificate (openssl, RSA 2048) valid for 2 days; made before the server
    # starts, whose virtual clock stands still at its start until moved.
    cert_path, key_path = make_certificate(tmp_path / "own", san="DNS:pbx.example.com,IP:127.0.0.1")
    cert_pem, key_pem = open(cert_path).read(), open(key_path).read()
    other_key = open(make_certificate(tmp_path / "other")[1]).read()
    srv = server_factory(args=["--virtual-clock"])
    generated = srv.get("/api/v1/tls/certificate").body

    refused = srv.put("/api/v1/tls/certificate", {"certificateChain": cert_pem, "privateKey": other_key})
    assert refused.status == 422 and refused.body["details"]["field"] == "privateKey", refused.describe()
    assert "public keys differ" in refused.body["message"]
    assert srv.get("/api/v1/tls/certificate").body["fingerprint"] == generated["fingerprint"]

    up = srv.cli("tls", "upload", "--chain", cert_path, "--key", key_path)
    assert up.returncode == 0, up.stdout + up.stderr
    now = srv.get("/api/v1/tls/certificate").body
    assert now["origin"] == "uploaded" and now["subjectAlternativeNames"] == ["DNS:pbx.example.com", "IP:127.0.0.1"], now
    assert now["authorityCertificate"] is None and now["fingerprint"] != generated["fingerprint"]
    expected = openssl("x509", "-in", cert_path, "-noout", "-fingerprint", "-sha256").strip().split("=", 1)[1]
    assert now["fingerprint"] == expected
    show = srv.cli("tls", "show")
    assert show.returncode == 0 and expected in show.stdout and "uploaded" in show.stdout, show.stdout + show.stderr

    # Two days of validity: it expires soon at once, then expires.
    advance(srv, 3600)
    soon = eventually("'expires soon' for the uploaded certificate", lambda: expiry_messages(srv))
    assert soon[0]["severity"] == "serious" and soon[0]["parameters"] == {"endpointType": "1", "nodeOrCertificate": "localhost"}
    advance(srv, 2 * DAY)
    eventually("'expired' for the uploaded certificate", lambda: len(expiry_messages(srv)) == 2)

    # Once expired, the same chain is refused.
    again = srv.put("/api/v1/tls/certificate", {"certificateChain": cert_pem, "privateKey": key_pem})
    assert again.status == 422 and "expired at" in again.body["message"], again.describe()
