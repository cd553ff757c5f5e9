"""A real SNMP notification receiver on 127.0.0.1: Net-SNMP's ``snmptrapd`` in the
foreground, accepting SNMPv2c traps/informs for one community and SNMPv3 authPriv informs
(SHA/AES) for one user, decoding every varbind by name with CALLPLANE-MIB.

``snmptrapd`` is authoritative for the informs it receives, so the sender discovers its engine
ID; it keeps nothing between runs (its persistent directory is a temporary one).

:meth:`start` returns only once snmptrapd is alive and listening, and raises with its output
otherwise: a receiver that died at start (its port taken, a configuration it refused) would
make every "nothing arrived" check pass and every "it arrived" check time out far from the
cause."""

from __future__ import annotations

import errno
import os
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

from peers import HOST, _wait_for, free_port

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
        # Both per process: a stopped one's reader may still be reading its last lines.
        started = threading.Event()  # the start line came
        settled = threading.Event()  # the start line came, or the output ended
        self._reader = threading.Thread(target=self._read, args=(self._process, started, settled), daemon=True)
        self._reader.start()
        # snmptrapd prints its version line only after it has opened its transports; one that
        # cannot exits instead (a taken port: "couldn't open udp:...: errno 98"). Ready is the
        # line, a process still running after it, and the port held by someone.
        if not settled.wait(10):
            self._fail("printed no start line within 10 s")
        if not started.is_set():
            self._fail("exited before it listened")
        if self._process.poll() is not None:
            self._fail("exited right after its start line")
        if not self._port_held():
            self._fail("is running but nothing holds its port")
        return self

    def _fail(self, why: str) -> None:
        process = self._process
        if process.poll() is None:
            process.kill()
        code = process.wait(10)
        self._reader.join(5)  # the rest of its output
        self._process = None
        raise RuntimeError(f"snmptrapd for udp:{HOST}:{self.port} {why} (exit status {code}); "
                           f"its output:\n{''.join(self.output)[-2000:]}")

    def _port_held(self) -> bool:
        """Whether the receiver's UDP port is bound: a probe that can bind it proves it is not."""
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            try:
                probe.bind((HOST, self.port))
            except OSError as error:
                if error.errno == errno.EADDRINUSE:
                    return True
                raise
            return False

    def stop(self) -> None:
        if self._process and self._process.poll() is None:
            self._process.terminate()
            self._process.wait(10)
        self._process = None

    def wait_for(self, count: int, timeout: float = 15.0) -> list[dict]:
        return _wait_for(self._lock, self.notifications, count, timeout,
                         lambda: f"notifications at snmptrapd:{self.port}; its output: {''.join(self.output)[-2000:]}")

    def _read(self, process: subprocess.Popen, started: threading.Event, settled: threading.Event) -> None:
        for line in process.stdout:
            self.output.append(line)
            if "NET-SNMP version" in line:
                started.set()
                settled.set()
            if line.startswith("NOTIFICATION "):
                varbinds = {}
                for part in line[len("NOTIFICATION "):].rstrip("\n").split(SEPARATOR):
                    name, _, value = part.partition(" = ")
                    varbinds[name] = value
                with self._lock:
                    self.notifications.append(varbinds)
                    self._lock.notify_all()
        settled.set()  # the output ended: start() looks at what came
