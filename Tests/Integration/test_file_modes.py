"""Issue 13, point 20: the data directory is 0700 and the database, WAL, shared memory and key
0600, whatever the umask the server was started with (they were 0755 and 0644)."""

import os
import stat


def test_data_directory_and_files_are_owner_only_under_a_permissive_umask(server_factory):
    srv = server_factory(start=False)
    os.chmod(srv.data_dir, 0o755)  # as an older install, or a directory made by hand, left it
    previous = os.umask(0)
    try:
        srv.start()
    finally:
        os.umask(previous)
    srv.create_user("101", "Ada")  # a write, so the WAL and the shared memory exist

    def mode(path):
        return stat.S_IMODE(os.stat(path).st_mode)

    assert mode(srv.data_dir) == 0o700, oct(mode(srv.data_dir))
    files = ["callplane.sqlite", "callplane.sqlite-wal", "callplane.sqlite-shm", "secret.key"]
    for name in files:
        path = srv.data_dir / name
        assert path.exists(), f"{name} missing: {sorted(os.listdir(srv.data_dir))}"
        assert mode(path) == 0o600, f"{name} is {oct(mode(path))}"
