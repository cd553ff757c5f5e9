"""``callplane-srm``, the SRM server of issue 19, run for real beside the Callplane server under
test: its own data directory, its own CA, a fixed loopback port (so a test can stop it and start
it again where the agent expects it), and a technician to read its API with.

The binary sits beside ``callplane`` (``$CALLPLANE_BIN``'s directory)."""

from __future__ import annotations

import json
import os
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import BIN

SRM_BIN = BIN.parent / "callplane-srm"
TECHNICIAN = ("tech1", "correct-horse-srm-1")


class SRMServer:
    def __init__(self, directory: Path, port: int, name: str = "Installer office"):
        self.data_dir = directory / "srm-data"
        self.port = port
        self.name = name
        self.proc: subprocess.Popen | None = None
        self.log_path = directory / "srm.log"
        self._token: str | None = None
        if not SRM_BIN.exists():
            raise AssertionError(f"callplane-srm not found at {SRM_BIN} (swift build builds it beside callplane)")
        self.ca_pem = self.cli("ca").stdout
        self._context = ssl.create_default_context(cadata=self.ca_pem)
        self.cli("technician", "add", TECHNICIAN[0], input=TECHNICIAN[1] + "\n")

    def cli(self, *args: str, input: str | None = None) -> subprocess.CompletedProcess:
        done = subprocess.run([str(SRM_BIN), *args, "--data-dir", str(self.data_dir)], input=input, capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 0, f"callplane-srm {' '.join(args)}: {done.stderr}"
        return done

    def add_system(self, system_id: str, name: str | None = None, status_changes: bool = True) -> str:
        args = ["system", "add", system_id] + (["--name", name] if name else []) + ([] if status_changes else ["--no-status-changes"])
        return self.cli(*args).stdout.strip()

    def start(self) -> "SRMServer":
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [str(SRM_BIN), "serve", "--data-dir", str(self.data_dir), "--port", str(self.port), "--server-name", self.name],
            stdout=subprocess.PIPE, stderr=log, text=True)
        line = self.proc.stdout.readline()  # type: ignore[union-attr]
        assert line.startswith("listening on https://"), f"callplane-srm did not start: {line!r}\n{self.log_tail()}"
        self._token = None
        return self

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=20)
        self.proc = None

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return ""

    def request(self, method: str, path: str, body: dict | None = None, token: str | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, object]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"https://localhost:{self.port}{path}", data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", "Bearer " + token)
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, context=self._context, timeout=10) as response:
                raw = response.read()
                return response.status, (json.loads(raw) if raw else None)
        except urllib.error.HTTPError as error:
            raw = error.read()
            return error.code, (json.loads(raw) if raw else None)

    @property
    def token(self) -> str:
        """The technician's SRM login, opened at first use."""
        if self._token is None:
            status, body = self.request("POST", "/api/v1/login", {"name": TECHNICIAN[0], "password": TECHNICIAN[1]})
            assert status == 200, body
            self._token = body["token"]  # type: ignore[index]
        return self._token

    def open_session(self, system_id: str) -> tuple[int, dict]:
        """Asks the system for a remote maintenance session: 201 with its relay path, or why not."""
        return self.request("POST", f"/api/v1/systems/{system_id}/sessions", {}, token=self.token)  # type: ignore[return-value]

    def end_session(self, system_id: str, session: str) -> int:
        return self.request("DELETE", f"/api/v1/systems/{system_id}/sessions/{session}", token=self.token)[0]

    def relay(self, relay_path: str, method: str, path: str, body: dict | None = None,
              callplane_token: str | None = None) -> tuple[int, object]:
        """A request to the system's admin API through the relay; the Callplane token travels in
        X-Callplane-Authorization (the SRM login's own Authorization never reaches the system)."""
        headers = {"X-Callplane-Authorization": "Bearer " + callplane_token} if callplane_token else {}
        return self.request(method, relay_path.rstrip("/") + path, body, token=self.token, headers=headers)

    def systems(self) -> dict[str, dict]:
        status, body = self.request("GET", "/api/v1/systems", token=self.token)
        assert status == 200, body
        return {system["systemID"]: system for system in body}  # type: ignore[union-attr]

    def __enter__(self) -> "SRMServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
