"""The embedded SNMP agent, read with the real Net-SNMP tools over loopback: the
CALLPLANE-MIB tables with v2c and v3 authPriv, and nothing for a wrong community, a wrong v3
key or a source outside the allowed networks."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import HOST, eventually

ROOT = Path(__file__).resolve().parents[2]
MIB_DIR = ROOT / "MIB"
# The base SMIv2 modules are not in Debian's free packages (FIELD-NOTES): the shared copy
# beside the checkout (or the project's usual one, or $CALLPLANE_BASE_MIBS), else a system copy.
BASE_MIBS = next((p for p in (ROOT.parent / "shared" / "mibs" / "ietf", Path("/work/shared/mibs/ietf"),
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
