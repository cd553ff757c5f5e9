extension EventWriter {
    /// Every statement the writer runs, prepared once (`SQLITE_PREPARE_PERSISTENT`) when the log
    /// opens: a batch then costs binds and steps, never a parse.
    struct Statements {
        let begin: SQLiteStatement
        let commit: SQLiteStatement
        let rollback: SQLiteStatement
        let dataVersion: SQLiteStatement
        let insertEvent: SQLiteStatement
        let eventByID: SQLiteStatement
        let streamVersion: SQLiteStatement
        let lastEvent: SQLiteStatement
        let upsertCursor: SQLiteStatement
        let upsertSnapshot: SQLiteStatement
        let pruneSnapshots: SQLiteStatement
        let upsertMark: SQLiteStatement

        init(_ connection: SQLiteConnection) throws(EventLogError) {
            func prepare(_ sql: String) throws(EventLogError) -> SQLiteStatement { try connection.prepare(sql, persistent: true) }
            begin = try prepare("BEGIN IMMEDIATE")
            commit = try prepare("COMMIT")
            rollback = try prepare("ROLLBACK")
            dataVersion = try prepare("PRAGMA data_version")
            insertEvent = try prepare(
                """
                INSERT INTO events (position, id, stream, version, type, schema, at, actor, source, correlation, causation, payload, hash)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                """)
            eventByID = try prepare("SELECT position, version FROM events WHERE id = ?1")
            streamVersion = try prepare("SELECT max(version) FROM events WHERE stream = ?1")
            lastEvent = try prepare("SELECT position, hash, at FROM events ORDER BY position DESC LIMIT 1")
            upsertCursor = try prepare(
                """
                INSERT INTO cursors (reactor, position, updated_at) VALUES (?1, ?2, ?3)
                ON CONFLICT (reactor) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at
                """)
            upsertSnapshot = try prepare(
                "INSERT OR REPLACE INTO snapshots (kind, position, schema, state, saved_at, event_hash, mac) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
            upsertMark = try prepare(
                """
                INSERT INTO integrity_marks (name, position, hash, mac, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
                ON CONFLICT (name) DO UPDATE SET position = excluded.position, hash = excluded.hash, mac = excluded.mac,
                    updated_at = excluded.updated_at
                """)
            pruneSnapshots = try prepare(
                """
                DELETE FROM snapshots WHERE kind = ?1 AND position NOT IN
                    (SELECT position FROM snapshots WHERE kind = ?1 ORDER BY position DESC LIMIT 2)
                """)
        }
    }
}
