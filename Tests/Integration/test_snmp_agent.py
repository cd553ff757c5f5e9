"""The embedded SNMP agent, read with the real Net-SNMP tools over loopback: the
CALLPLANE-MIB tables with v2c and v3 authPriv, and nothing for a wrong community, a wrong v3
key or a source outside the allowed networks."""

import os
import re
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from conftest import HOST, eventually

ROOT = Path(__file__).resolve().parents[2]
MIB_DIR = ROOT / "MIB"
# The base SMIv2 modules are not in Debian's free packages (FIELD-NOTES): the shared copy
# beside the checkout (../shared, where CI lays it too), or $CALLPLANE_BASE_MIBS, else a system copy.
BASE_MIBS = next((p for p in (ROOT.parent / "shared" / "mibs" / "ietf",
                              Path(os.environ.get("CALLPLANE_BASE_MIBS", "/nonexistent")), Path("/usr/share/snmp/mibs/ietf"),
                              Path("/usr/share/snmp/mibs")) if (p / "SNMPv2-TC.txt").exists() or (p / "SNMPv2-TC").exists()), None)

COMMUNITY = "nms-ro-7f3a"
USER = {"name": "nms", "authPassphrase": "auth-Passphrase-1", "privPassphrase": "priv-Passphrase-2"}


def snmp(tool: str, port: int, *args: str, version=("-v2c", "-c", COMMUNITY), timeout=2) -> subprocess.CompletedProcess:
    if BASE_MIBS is None:
        pytest.fail("no SNMPv2-SMI/-TC modules: neither ../shared/mibs/ietf nor /usr/share/snmp/mibs/ietf exists")
    env = dict(os.environ, MIBS="CALLPLANE-MIB", MIBDIRS=f"{BASE_MIBS}:{MIB_DIR}", SNMPCONFPATH="/nonexistent")
    cmd = [tool, *version, "-t", str(timeout), "-r", "1", "-Le", f"udp:{HOST}:{port}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=env)


def v3(auth=USER["authPassphrase"], priv=USER["privPassphrase"], name=USER["name"]):
    return ("-v3", "-l", "authPriv", "-u", name, "-a", "SHA", "-A", auth, "-x", "AES", "-X", priv)


def grant(server, **changes):
    body = {"communities": [COMMUNITY], "users": [USER], "allowedNetworks": ["127.0.0.0/8"]}
    body.update(changes)
    r = server.put("/api/v1/snmp/agent", body)
    assert r.status == 200, r.describe()
    return r


def walk_answers(server, *args, **kw) -> bool:
    out = snmp("snmpget", server.snmp_port, "CALLPLANE-MIB::cpSystemName.0", *args, **kw)
    return out.returncode == 0 and "cpSystemName.0" in out.stdout


@pytest.fixture
def agent_server(server):
    if shutil.which("snmpwalk") is None:
        pytest.fail("snmpwalk is not installed (ops/install-deps installs the snmp package)")
    return server


def test_first_start_answers_nobody(agent_server):
    body = agent_server.get("/api/v1/snmp/agent").body
    assert body["communities"] == 0 and body["users"] == [] and body["allowedNetworks"] == ["127.0.0.0/8", "::1/128"]
    out = snmp("snmpget", agent_server.snmp_port, "CALLPLANE-MIB::cpSystemName.0", version=("-v2c", "-c", "public"))
    assert out.returncode != 0 and "Timeout" in out.stderr, out.stdout + out.stderr
    # net-snmp's own lines reach the server's log, and its advice to run snmpconf (wrong here:
    # no access is the default) is replaced by ours.
    log = agent_server.log_path.read_text(errors="replace")
    assert "answers nobody until access is granted" in log and "snmpconf" not in log, agent_server.log_tail()
    assert "net-snmp: Created directory" in log, agent_server.log_tail()


def test_walks_every_table_with_v2c_and_v3(agent_server):
    srv = agent_server
    grant(srv)
    assert srv.post("/api/v1/event-messages", {"type": "fan_failure", "parameters": {"fanStatus": 0}}).status == 201
    for version in (("-v2c", "-c", COMMUNITY), v3()):
        eventually("the agent answers", lambda: walk_answers(srv, version=version))
        out = snmp("snmpbulkwalk", srv.snmp_port, "CALLPLANE-MIB::cpObjects", version=version)
        assert out.returncode == 0, out.stderr
        text = out.stdout
        for table in ("cpEventTypeName", "cpActiveTypeName", "cpEventLogTypeName", "cpFilterKind",
                      "cpDestinationName", "cpUsageName", "cpSystemStatus", "cpLogHead", "cpUptime"):
            assert f"CALLPLANE-MIB::{table}" in text, f"{table} missing from the walk:\n{text[:2000]}"
        assert 'cpDestinationName.1 = STRING: "system_phone_1"' in text or "cpDestinationName.1 = STRING: system_phone_1" in text
        assert "cpUsageName" in text and "users" in text
        # Issue 15: the call core's counts are rows of the usage table too (0 until it hands them over).
        for name, index in (("registered_terminals", 40), ("simultaneous_calls", 41)):
            assert f"cpUsageName.{index} = STRING: {name}" in text or f'cpUsageName.{index} = STRING: "{name}"' in text, text[-3000:]
            assert f"cpUsageUsed.{index} = Gauge32: 0" in text, text[-3000:]


def test_log_head_counts_event_messages_and_status_is_numbered_as_severity(agent_server):
    """Issue 13, points 8 and 12: cpLogHead counted every event in the log (configuration too),
    so an NMS following cpEventLogIndex read the wrong rows; cpSystemStatus numbered
    normal/serious/critical 1/2/3 while CpSeverity uses 2/3/4."""
    srv = agent_server
    grant(srv)
    eventually("the agent answers", lambda: walk_answers(srv))
    raised = srv.post("/api/v1/event-messages", {"type": "fan_failure", "parameters": {"fanStatus": 0}}).body
    for number in range(3):  # configuration changes after it move the log, not the message numbers
        assert srv.post("/api/v1/users", {"number": f"47{number}", "name": f"Head {number}"}).status == 201
    assert srv.get("/api/v1/state").body["position"] > raised["number"] + 3

    def scalars():
        out = snmp("snmpget", srv.snmp_port, "CALLPLANE-MIB::cpLogHead.0", "CALLPLANE-MIB::cpSystemStatus.0",
                   f"CALLPLANE-MIB::cpEventLogTypeName.{raised['number']}")
        return out.stdout if out.returncode == 0 and f"cpLogHead.0 = Gauge32: {raised['number']}" in out.stdout else None
    text = eventually("cpLogHead is the newest event message's number", scalars)
    assert "cpSystemStatus.0 = INTEGER: critical(4)" in text, text
    assert "Fan failure" in text, text


def _tlv(tag: int, body: bytes) -> bytes:
    assert len(body) < 128
    return bytes([tag, len(body)]) + body


def _read_tlv(data: bytes, at: int = 0) -> tuple[int, bytes, int]:
    """(tag, value, next offset) of the BER element at `at` (short or long definite length)."""
    tag, length, at = data[at], data[at + 1], at + 2
    if length & 0x80:
        count = length & 0x7F
        length, at = int.from_bytes(data[at:at + count], "big"), at + count
    return tag, data[at:at + length], at + length


def engine_id(srv) -> str:
    """The agent's snmpEngineID as hex, learned the way every SNMPv3 manager learns it: RFC
    3414 §4 discovery, a GetRequest with an empty engine ID answered by a Report carrying
    msgAuthoritativeEngineID. (The agent's view does not include SNMP-FRAMEWORK-MIB.)"""
    integer = lambda n: _tlv(0x02, n.to_bytes(4, "big"))
    header = _tlv(0x30, integer(4711) + integer(65507) + _tlv(0x04, b"\x04") + integer(3))
    usm = _tlv(0x04, _tlv(0x30, _tlv(0x04, b"") + integer(0) + integer(0) + _tlv(0x04, b"") + _tlv(0x04, b"") + _tlv(0x04, b"")))
    pdu = _tlv(0xA0, integer(4712) + integer(0) + integer(0) + _tlv(0x30, b""))
    scoped = _tlv(0x30, _tlv(0x04, b"") + _tlv(0x04, b"") + pdu)
    message = _tlv(0x30, integer(3) + header + usm + scoped)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(3)
        sock.sendto(message, (HOST, srv.snmp_port))
        answer, _ = sock.recvfrom(65535)
    _, body, _ = _read_tlv(answer)
    _, _, at = _read_tlv(body)  # msgVersion
    _, _, at = _read_tlv(body, at)  # msgGlobalData
    _, parameters, _ = _read_tlv(body, at)  # msgSecurityParameters, an OCTET STRING around a SEQUENCE
    _, sequence, _ = _read_tlv(parameters)
    _, engine, _ = _read_tlv(sequence)
    return engine.hex()


def test_each_installation_has_its_own_system_id_and_engine_id(server_factory):
    """Issue 13, point 9: RFC 3411 wants engine IDs unique; every install without a system id
    had `80001f8804` + "callplane-system". A first start now generates the system id, the
    engine ID is made of it, and both stay across a restart (the id is in the log)."""
    first, second = server_factory(), server_factory()
    ids = []
    for srv in (first, second):
        grant(srv)
        eventually("the agent answers", lambda: walk_answers(srv))
        system_id = srv.get("/api/v1/system/identity").body["systemId"]
        assert re.fullmatch(r"CP-[0-9a-f]{24}", system_id), system_id
        out = snmp("snmpget", srv.snmp_port, "CALLPLANE-MIB::cpSystemId.0")
        assert system_id in out.stdout, out.stdout
        engine = engine_id(srv)
        assert engine == "80001f8804" + system_id.encode().hex(), (engine, system_id)
        ids.append((system_id, engine))
    assert ids[0][0] != ids[1][0] and ids[0][1] != ids[1][1]
    created = [e for e in first.all_events(type="system.identity.set")]
    assert created[0]["actor"] == "system" and created[0]["source"] == "first-start"
    # Kept across a restart, and refused to be cleared.
    first.stop()
    first.start()
    eventually("the agent answers again", lambda: walk_answers(first))
    assert first.get("/api/v1/system/identity").body["systemId"] == ids[0][0]
    assert engine_id(first) == ids[0][1]
    cleared = first.put("/api/v1/system/identity", {"name": "HQ", "systemId": ""})
    assert cleared.status == 422 and cleared.body["details"]["field"] == "systemId", cleared.describe()


def test_snmpv1_is_not_answered(agent_server):
    """Issue 13, point 12: only SNMPv2c and v3 are documented; a v1 request with the right
    community from an allowed network used to be answered."""
    srv = agent_server
    grant(srv)
    eventually("v2c answers", lambda: walk_answers(srv))
    v1 = snmp("snmpget", srv.snmp_port, "CALLPLANE-MIB::cpSystemName.0", version=("-v1", "-c", COMMUNITY))
    assert v1.returncode != 0 and "cpSystemName.0 =" not in v1.stdout, v1.stdout + v1.stderr
    assert walk_answers(srv), "v2c still answers"


def test_a_flood_of_malformed_packets_is_counted_not_logged_line_by_line(agent_server):
    """Issue 13, point 12: each malformed packet wrote a log line (938 for 21,000). Now they
    are counted in a metric and each kind of complaint is logged at most once a minute."""
    import os
    import random
    srv = agent_server
    grant(srv)
    eventually("the agent answers", lambda: walk_answers(srv))
    lines_before = srv.log_path.read_text(errors="replace").count("net-snmp:")
    rng = random.Random(20261202)
    v3_header = bytes.fromhex("303e020103301102040000000102030100000404000000030201")
    packets = [b"garbage", b"\x30\x03\x02\x01\x09", v3_header + os.urandom(20)]
    packets += [bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 60))) for _ in range(300)]
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for packet in packets * 3:
            sock.sendto(packet, (HOST, srv.snmp_port))
    assert walk_answers(srv), "the agent still answers"

    def counted():
        text = srv.get("/metrics").body
        match = re.search(r"^callplane_snmp_malformed_packets_total(?:\{[^}]*\})? (\d+)", text, re.M)
        return match and int(match.group(1)) >= len(packets) // 10 and int(match.group(1))  # those net-snmp could not parse as SNMP
    eventually("the malformed packets are counted", counted)
    lines = srv.log_path.read_text(errors="replace").count("net-snmp:") - lines_before
    assert lines <= 20, f"{lines} net-snmp lines for {len(packets) * 3} malformed packets"


def test_refused_without_the_right_credentials_or_source(agent_server):
    srv = agent_server
    grant(srv)
    eventually("v2c answers", lambda: walk_answers(srv))
    # Read-only: a SET from an allowed source with the right credentials is refused by the
    # MIB's read-only handler with notWritable.
    for version in (("-v2c", "-c", COMMUNITY), v3()):
        refused = snmp("snmpset", srv.snmp_port, "CALLPLANE-MIB::cpSystemName.0", "s", "changed", version=version)
        assert refused.returncode != 0 and "notWritable" in refused.stderr, refused.stderr
    assert srv.get("/api/v1/system/identity").body["name"] != "changed"
    wrong_community = snmp("snmpget", srv.snmp_port, "CALLPLANE-MIB::cpSystemName.0", version=("-v2c", "-c", "public"))
    assert wrong_community.returncode != 0 and "Timeout" in wrong_community.stderr
    wrong_key = snmp("snmpget", srv.snmp_port, "CALLPLANE-MIB::cpSystemName.0", version=v3(auth="wrong-Passphrase-9"))
    assert wrong_key.returncode != 0 and "cpSystemName" not in wrong_key.stdout, wrong_key.stdout
    # The agent only answers the allowed networks: loopback is no longer one of them.
    grant(srv, allowedNetworks=["192.0.2.0/24"])
    eventually("v2c from loopback stops", lambda: not walk_answers(srv))
    v3_outside = snmp("snmpget", srv.snmp_port, "CALLPLANE-MIB::cpSystemName.0", version=v3())
    assert "cpSystemName.0 =" not in v3_outside.stdout, v3_outside.stdout


def test_agentx_subagent_answers_through_the_system_snmpd(server_factory, tmp_path):
    """With --snmp-agentx the same tables are read through a real snmpd master (its own
    community decides who may read)."""
    snmpd = shutil.which("snmpd") or "/usr/sbin/snmpd"
    if not Path(snmpd).exists():
        pytest.fail("snmpd is not installed (ops/install-deps installs it)")
    from conftest import free_port
    agentx_port, snmp_port = free_port(), free_port()
    conf = tmp_path / "snmpd.conf"
    conf.write_text(f"master agentx\nagentXSocket tcp:{HOST}:{agentx_port}\nagentaddress udp:{HOST}:{snmp_port}\n"
                    f"rocommunity master-ro {HOST}\n")
    master = subprocess.Popen([snmpd, "-f", "-Lf", str(tmp_path / "snmpd.log"), "-C", "-c", str(conf), "-p", str(tmp_path / "pid")],
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        srv = server_factory(start=False)
        srv.start("--snmp-agentx", f"tcp:{HOST}:{agentx_port}")

        def through_master():
            out = snmp("snmpget", snmp_port, "CALLPLANE-MIB::cpSystemName.0", version=("-v2c", "-c", "master-ro"))
            return out.returncode == 0 and "Callplane" in out.stdout
        eventually("snmpd answers for the sub-agent", through_master, timeout=30)
        out = snmp("snmpbulkwalk", snmp_port, "CALLPLANE-MIB::cpDestinationName", version=("-v2c", "-c", "master-ro"))
        assert out.returncode == 0 and "snmp_5" in out.stdout, out.stdout + out.stderr
        assert "AgentX subagent connected" in srv.log_path.read_text(errors="replace"), "net-snmp's connect line in the server's log"
    finally:
        master.terminate()
        master.wait(timeout=10)
