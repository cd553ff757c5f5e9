"""A real SNMP notification receiver on 127.0.0.1: Net-SNMP's ``snmptrapd`` in the
foreground, accepting SNMPv2c traps/informs for one community and SNMPv3 authPriv informs
(SHA/AES) for one user, decoding every varbind by name with CALLPLANE-MIB.

``snmptrapd`` is authoritative for the informs it receives, so the sender discovers its engine
ID; it keeps nothing between runs (its persistent directory is a temporary one)."""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from peers import HOST, _wait_for, free_port
import socket

SEPARATOR = "\x1f"


class TrapReceiver:
    def __init__(self, mib_dirs: str, community: str, user: dict, port: int | None = None):
        self.mib_dirs = mib_dirs
        self.community = community
        self.user = user
        self.port = port or free_port(socket.SOCK_DGRAM)
        self.notifications: list[dict] = []
        self.output: list[str] = []
        self._lock = threading.Condition()
        self._process: subprocess.Popen | None = None
        self._directory = tempfile.TemporaryDirectory(prefix="snmptrapd-")

    def __enter__(self) -> "TrapReceiver":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
        self._directory.cleanup()

    def start(self) -> "TrapReceiver":
        directory = Path(self._directory.name)
        config = directory / "snmptrapd.conf"
        user = self.user
        config.write_text(
            f"authCommunity log {self.community}\n"
            f'createUser {user["name"]} SHA "{user["authPassphrase"]}" AES "{user["privPassphrase"]}"\n'
            f"authUser log {user['name']} priv\n"
            "doNotRetainNotificationLogs yes\n"
        )
        env = dict(os.environ, MIBS="SNMPv2-MIB:CALLPLANE-MIB", MIBDIRS=self.mib_dirs,
                   SNMP_PERSISTENT_DIR=str(directory / "state"), SNMPCONFPATH=str(directory))
        self._process = subprocess.Popen(
            ["snmptrapd", "-f", "-C", "-c", str(config), "-Lo", "-F", f"NOTIFICATION %V{SEPARATOR}%v\n", f"udp:{HOST}:{self.port}"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        ready = threading.Event()
        threading.Thread(target=self._read, args=(self._process, ready), daemon=True).start()
        if not ready.wait(10):
            raise RuntimeError("snmptrapd did not start: " + "".join(self.output))
        return self

    def stop(self) -> None:
        if self._process and self._process.poll() is None:
            self._process.terminate()
            self._process.wait(10)
        self._process = None

    def wait_for(self, count: int, timeout: float = 15.0) -> list[dict]:
        return _wait_for(self._lock, self.notifications, count, timeout,
                         lambda: f"notifications at snmptrapd:{self.port}; its output: {''.join(self.output)[-2000:]}")

    def _read(self, process: subprocess.Popen, ready: threading.Event) -> None:
        for line in process.stdout:
            self.output.append(line)
            if "NET-SNMP version" in line:
                ready.set()
            if line.startswith("NOTIFICATION "):
                varbinds = {}
                for part in line[len("NOTIFICATION "):].rstrip("\n").split(SEPARATOR):
                    name, _, value = part.partition(" = ")
                    varbinds[name] = value
                with self._lock:
                    self.notifications.append(varbinds)
                    self._lock.notify_all()
        ready.set()
