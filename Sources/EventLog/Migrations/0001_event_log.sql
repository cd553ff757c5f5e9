-- 0001: the event log, reactor cursors and projection snapshots (DESIGN.md, "The event envelope").
-- Landed files are never edited; a change of schema is a new numbered file.

-- One row per event. `position` is the rowid (global order 1, 2, 3 … without gaps), so reads in
-- log order and replay are a walk of the table b-tree itself.
-- UUIDs are stored as their 16 bytes (BLOB): half the size of text in the row and in the id
-- index, and no upper/lower case ambiguity. `hash` is SHA-256 over the previous hash and this
-- envelope (EventChain in the code documents the exact byte encoding).
CREATE TABLE events (
    position    INTEGER PRIMARY KEY,
    id          BLOB    NOT NULL,
    stream      TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    type        TEXT    NOT NULL,
    schema      INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    actor       TEXT    NOT NULL,
    source      TEXT    NOT NULL,
    correlation BLOB,
    causation   BLOB,
    payload     TEXT    NOT NULL,
    hash        BLOB    NOT NULL
);

-- Every index is paid for on every append, so there is one per question the log must answer
-- quickly, and none more. Each secondary index ends, implicitly, in the rowid (position),
-- which is what lets `… AND position > ? ORDER BY position` walk them in log order.

-- Idempotent retries: "does this id exist, and where?"
CREATE UNIQUE INDEX events_by_id ON events (id);
-- Optimistic concurrency (the stream's current version), a stream's history in order, and the
-- guarantee that two events can never claim the same version of a stream.
CREATE UNIQUE INDEX events_by_stream ON events (stream, version);
-- Filtered reads: type prefix (a range on `type`), actor (the audit question "who"), and
-- time range (the audit question "when"; the writer never lets `at` go backwards, so the
-- index on `at` is in position order too and a range walks it without sorting).
CREATE INDEX events_by_type ON events (type);
CREATE INDEX events_by_actor ON events (actor);
CREATE INDEX events_by_at ON events (at);

-- The last position each reactor has handled (DESIGN rule 3).
CREATE TABLE cursors (
    reactor    TEXT    PRIMARY KEY NOT NULL,
    position   INTEGER NOT NULL CHECK (position >= 0),
    updated_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Caches of a projection's fold up to `position` (DESIGN rule 1); the newest two per kind are kept.
CREATE TABLE snapshots (
    kind     TEXT    NOT NULL,
    position INTEGER NOT NULL CHECK (position >= 0),
    schema   INTEGER NOT NULL,
    state    BLOB    NOT NULL,
    saved_at INTEGER NOT NULL,
    PRIMARY KEY (kind, position)
);
