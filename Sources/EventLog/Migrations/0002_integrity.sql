-- 0002: bind snapshots to the chain and keep an authenticated verified point (issue 13, points
-- 18 and 19). Landed files are never edited; a change of schema is a new numbered file.

-- A snapshot records the chain hash of the event at its position and a MAC (HMAC-SHA256 under a
-- key derived from `secret.key`, which lives outside the database) over its kind, position,
-- schema, that hash and the digest of its state. Rows from before this file have neither and are
-- refused at load: replay is always correct.
ALTER TABLE snapshots ADD COLUMN event_hash BLOB;
ALTER TABLE snapshots ADD COLUMN mac BLOB;

-- Authenticated points of the chain, by name: `verified` is the head up to which the chain was
-- last walked and found intact, so a start walks only what came after it, and a log cut below it
-- is noticed. The MAC covers the name, the position and the hash.
CREATE TABLE integrity_marks (
    name       TEXT    PRIMARY KEY NOT NULL,
    position   INTEGER NOT NULL CHECK (position >= 0),
    hash       BLOB    NOT NULL,
    mac        BLOB    NOT NULL,
    updated_at INTEGER NOT NULL
) WITHOUT ROWID;
