"""MIB/CALLPLANE-MIB.txt is clean SMIv2: `smilint -l 6` prints nothing (it exits 0 even on
errors, so the output is what is checked) and net-snmp loads it and finds its objects where
the agent serves them."""

import os
import subprocess
from pathlib import Path

from test_snmp_agent import BASE_MIBS, MIB_DIR

import pytest


def base_mibs():
    if BASE_MIBS is None:
        pytest.fail("no SNMPv2-SMI/-TC/-CONF modules: neither ../shared/mibs/ietf nor /usr/share/snmp/mibs/ietf exists")
    return BASE_MIBS


def test_smilint_level_6_prints_nothing():
    env = dict(os.environ, SMIPATH=f"{base_mibs()}:{MIB_DIR}")
    out = subprocess.run(["smilint", "-l", "6", "-s", str(MIB_DIR / "CALLPLANE-MIB.txt")], capture_output=True, text=True, env=env)
    assert out.stdout + out.stderr == "", out.stdout + out.stderr
    # The check can fail: a broken copy is reported.
    broken = MIB_DIR.parent / ".build" / "CALLPLANE-MIB-broken.txt"
    broken.parent.mkdir(exist_ok=True)
    broken.write_text((MIB_DIR / "CALLPLANE-MIB.txt").read_text().replace("MAX-ACCESS  read-only", "MAX-ACCESS  read-wrong", 1))
    out = subprocess.run(["smilint", "-l", "6", "-s", str(broken)], capture_output=True, text=True, env=env)
    assert out.stdout + out.stderr != ""
    broken.unlink()


def test_net_snmp_loads_the_module_at_the_served_oids():
    env = dict(os.environ, SNMPCONFPATH="/nonexistent")
    args = ["snmptranslate", "-M", f"{base_mibs()}:{MIB_DIR}", "-m", "CALLPLANE-MIB", "-On"]
    expected = {
        "CALLPLANE-MIB::callplaneMIB": ".1.3.6.1.4.1.32473",
        "CALLPLANE-MIB::cpEventMessageRaised": ".1.3.6.1.4.1.32473.0.1",
        "CALLPLANE-MIB::cpEventMessageCleared": ".1.3.6.1.4.1.32473.0.2",
        "CALLPLANE-MIB::cpActiveTypeName": ".1.3.6.1.4.1.32473.1.3.1.3",
        "CALLPLANE-MIB::cpUsageLimit": ".1.3.6.1.4.1.32473.1.7.1.4",
        "CALLPLANE-MIB::cpNotifyActiveIndex": ".1.3.6.1.4.1.32473.1.8.8",
    }
    for name, oid in expected.items():
        out = subprocess.run([*args, name], capture_output=True, text=True, env=env)
        assert out.returncode == 0 and out.stdout.strip() == oid and out.stderr == "", (name, out.stdout, out.stderr)


def test_an_installed_binary_finds_its_mib(tmp_path):
    """Issue 13, point 12: `callplane snmp mib` from a binary copied out of the build tree found
    no MIB. ops/install puts both where the command looks: PREFIX/bin and PREFIX/share."""
    from conftest import BIN
    copied = tmp_path / "elsewhere" / "callplane"
    copied.parent.mkdir()
    copied.write_bytes(BIN.read_bytes())
    copied.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "CALLPLANE_MIB_DIR"}
    lost = subprocess.run([str(copied), "snmp", "mib"], capture_output=True, text=True, env=env)
    assert lost.returncode != 0 and "CALLPLANE_MIB_DIR" in lost.stderr, lost.stdout + lost.stderr

    prefix = tmp_path / "prefix"
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([str(root / "ops" / "install"), "--prefix", str(prefix), "--binary", str(BIN)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    found = subprocess.run([str(prefix / "bin" / "callplane"), "snmp", "mib"], capture_output=True, text=True, env=env)
    mib = prefix / "share" / "callplane" / "mibs" / "CALLPLANE-MIB.txt"
    assert found.returncode == 0 and found.stdout.strip() == str(mib), found.stdout + found.stderr
    assert mib.read_text() == (root / "MIB" / "CALLPLANE-MIB.txt").read_text()
