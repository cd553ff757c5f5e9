-- Draft: the EventLog implementer finalises this file before it lands.
CREATE TABLE events (
    position    INTEGER PRIMARY KEY,
    id          TEXT    NOT NULL UNIQUE,
    stream      TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    type        TEXT    NOT NULL,
    schema      INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    actor       TEXT    NOT NULL,
    source      TEXT    NOT NULL,
    correlation TEXT,
    causation   TEXT,
    payload     TEXT    NOT NULL,
    hash        BLOB    NOT NULL,
    UNIQUE (stream, version)
);
