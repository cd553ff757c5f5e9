"""Passwords typed at a terminal are not echoed (the ``TerminalInput`` module both command-line
tools share): ``callplane-srm technician add`` used to read a plain line, so the password stayed on
the screen and in its scroll-back. Run under a real pseudo-terminal (``pty.fork`` makes it the
child's controlling terminal, which the prompt opens as ``/dev/tty``), as an installer types it."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import time
from pathlib import Path

from srm_server import SRM_BIN

PASSWORD = "typed-at-the-desk-42"


def run_at_terminal(args: list[str], answers: list[str], timeout: float = 30) -> tuple[int, str]:
    """Runs ``args`` on a new pseudo-terminal, answering each password prompt once, in turn;
    returns the exit status and everything the terminal showed."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(args[0], args)
    shown = b""
    answered = 0
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:
                    chunk = b""  # the child closed the terminal (EIO)
                if not chunk:
                    _, status = os.waitpid(pid, 0)
                    return os.waitstatus_to_exitcode(status), shown.decode(errors="replace")
                shown += chunk
                prompts = shown.lower().count(b"password for ")
                if answered < min(prompts, len(answers)) and shown.rstrip().endswith(b":"):
                    os.write(fd, (answers[answered] + "\n").encode())
                    answered += 1
            finished, status = os.waitpid(pid, os.WNOHANG)
            if finished:
                return os.waitstatus_to_exitcode(status), shown.decode(errors="replace")
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise AssertionError(f"{args[1:]} did not finish within {timeout} s; the terminal showed {shown!r}")
    finally:
        os.close(fd)


def technicians(data_dir: Path) -> list[str]:
    done = subprocess.run([str(SRM_BIN), "technician", "list", "--data-dir", str(data_dir)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_technician_password_is_asked_twice_without_echo(tmp_path: Path) -> None:
    data_dir = tmp_path / "srm-data"
    status, shown = run_at_terminal([str(SRM_BIN), "technician", "add", "alice", "--data-dir", str(data_dir)],
                                    [PASSWORD, PASSWORD])
    assert status == 0, shown
    assert "Password for alice:" in shown and "Repeat password for alice:" in shown, shown
    assert PASSWORD not in shown, f"the password was echoed: {shown!r}"
    assert technicians(data_dir) == ["alice"]
    stored = b"".join(p.read_bytes() for p in data_dir.rglob("*") if p.is_file())
    assert PASSWORD.encode() not in stored, "the password is stored in clear"


def test_technician_not_added_when_the_two_entries_differ(tmp_path: Path) -> None:
    data_dir = tmp_path / "srm-data"
    status, shown = run_at_terminal([str(SRM_BIN), "technician", "add", "bob", "--data-dir", str(data_dir)],
                                    [PASSWORD, PASSWORD + "x"])
    assert status != 0
    assert "the two entries differ" in shown, shown
    assert PASSWORD not in shown
    assert "bob" not in technicians(data_dir)
