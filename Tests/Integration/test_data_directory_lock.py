"""One process per data directory (DataDirectoryLock).

Two servers on one log would each deliver every event message to every destination, and an
offline `accounts reset` under a running server would not be seen by it until its next start.
So a second claimant is refused with a message naming the process that holds the directory;
the holder keeps serving; and since the claim is a flock the kernel drops at exit, a server
killed with SIGKILL leaves no stale lock behind.
"""
from __future__ import annotations

import subprocess

import conftest
from conftest import cli_output, free_port, run_cli


def test_a_second_server_and_an_offline_reset_are_refused_while_a_server_holds_the_directory(server_factory):
    srv = server_factory()
    head = srv.head()

    second = subprocess.run(
        [str(conftest.BIN), "serve", "--data-dir", str(srv.data_dir), "--http-host", conftest.HOST,
         "--http-port", str(free_port()), "--snmp-address", "off", "--sip-listen", "off"],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    said = second.stdout + second.stderr
    assert second.returncode != 0, f"a second server started on the same directory:\n{said}"
    assert "in use by another Callplane process" in said and f"pid {srv.proc.pid}" in said, said

    reset = run_cli("accounts", "reset", "--data-dir", str(srv.data_dir), "admin", input="Owner-Reset.7\n")
    assert reset.returncode != 0, cli_output(reset)
    assert f"pid {srv.proc.pid}" in reset.stdout + reset.stderr, cli_output(reset)

    # The holder is untouched: it serves, and nothing was appended by the refused claimants.
    assert srv.running and srv.get("/api/v1/state").status == 200
    assert srv.head() == head

    # A kill -9 leaves no stale lock: the next start and an offline reset both go through.
    srv.kill9()
    done = run_cli("accounts", "reset", "--data-dir", str(srv.data_dir), "admin", input="Owner-Reset.7\n")
    assert done.returncode == 0 and "password reset for admin" in done.stdout, cli_output(done)
    srv.start(login=False)
    assert srv.get("/ready").status == 200
    assert srv.stop() == 0, srv.log_tail()
