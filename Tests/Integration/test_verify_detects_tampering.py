"""4. The hash chain makes tampering evident: `callplane events verify` names the altered row."""

import json
import re
import sqlite3


def test_verify_detects_tampering(server_factory, verify):
    srv = server_factory()
    for i in range(6):
        srv.create_user(f"80{i}", f"Honest {i}")
    srv.create_terminal("tamper-t1")
    head = srv.head()
    assert head >= 7
    rc = srv.stop()
    assert rc == 0, srv.log_tail()

    proc = verify(srv.data_dir)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    m = re.search(r"chain intact: (\d+) events, head position (\d+)", out)
    assert m and m.group(1) == m.group(2) and int(m.group(2)) >= head, out

    # Alter one payload in the middle of the log: same JSON shape, another name.
    conn = sqlite3.connect(srv.db_path)
    try:
        created = [p for (p,) in conn.execute(
            "SELECT position FROM events WHERE type = 'user.created' ORDER BY position")]
        assert len(created) == 6, created
        target = created[3]
        (payload,) = conn.execute("SELECT payload FROM events WHERE position = ?", (target,)).fetchone()
        text = payload.decode() if isinstance(payload, bytes) else payload
        data = json.loads(text)
        assert "name" in data, data
        data["name"] = "Mallory"
        forged = json.dumps(data, sort_keys=True, separators=(",", ":"))
        assert forged != text
        conn.execute("UPDATE events SET payload = ? WHERE position = ?",
                     (forged.encode() if isinstance(payload, bytes) else forged, target))
        conn.commit()
    finally:
        conn.close()

    proc = verify(srv.data_dir)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, f"verify after tampering: exit {proc.returncode}\n{out}"
    positions = re.findall(r"chain broken at position (\d+)", out)
    assert positions == [str(target)], f"expected exactly 'chain broken at position {target}': {out}"
    assert "chain intact" not in out, out

    # verify opened the file read-only: the forged row is still there, untouched.
    conn = sqlite3.connect(f"file:{srv.db_path}?mode=ro", uri=True)
    try:
        (payload,) = conn.execute("SELECT payload FROM events WHERE position = ?", (target,)).fetchone()
    finally:
        conn.close()
    assert "Mallory" in (payload.decode() if isinstance(payload, bytes) else payload)
