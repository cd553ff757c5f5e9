import CSQLite
import Foundation

/// A log's database file copied page for page: what a backup carries and a restore puts in place
/// (issue 18, points 1 and 5).
///
/// A restore that inserted the archive's events row by row and then built the five indexes spent
/// two thirds of its time doing so, where the pages of the running log already hold both. The
/// copy is made with SQLite's online backup API in one step, inside one read transaction, so the
/// cut is consistent and appends go on beside it (WAL readers never block the writer). SQLite's
/// file format is stable, documented and the same on every platform SQLite runs on, so an
/// archive of it restores on any later build; an older schema is migrated as the copy is opened.
///
/// Only the events (and the record of migrations) are kept: the cursors belong to the reactors of
/// the server that ran, the snapshots are derived from the events, and the integrity marks are
/// authenticated with that server's key — a restore makes its own of each. The copy is left in
/// rollback-journal mode: one self-contained file, no WAL beside it.
///
/// A copy is checked by walking its chain (``walk(at:through:_:)``), not by `PRAGMA
/// integrity_check`: a backup's entries are authenticated, so the file a restore reads is the
/// one SQLite wrote from a running log, and the chain and the replay prove its events. An index
/// that disagreed with its table would have to have been damaged on the backed-up system itself.
public enum EventLogDatabaseCopy {
    /// Copies `log`'s database to a new file at `path` (which must not exist) and keeps its events
    /// only; returns the head of the copy, the cut.
    public static func make(of log: EventLog, at path: String) throws -> Int64 {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw EventLogError.invalidRequest("\(path) exists; a copy is written to a new file only")
        }
        try EventLog.prepareOwnerOnlyFiles(at: path)
        do {
            let copy = try SQLiteConnection(path: path, flags: SQLITE_OPEN_READWRITE)
            defer { copy.close() }
            // A connection of its own rather than one of the log's readers, which map the file:
            // a copy reads every page once, and mapped it would count the whole log as the
            // process's resident memory.
            let source = try SQLiteConnection(path: log.path, flags: SQLITE_OPEN_READONLY)
            defer { source.close() }
            sqlite3_busy_timeout(source.handle, 5_000)
            guard let backup = sqlite3_backup_init(copy.handle, "main", source.handle, "main") else {
                throw copy.error(sqlite3_errcode(copy.handle), "cannot start copying \(log.path)")
            }
            let stepped = sqlite3_backup_step(backup, -1)
            let finished = sqlite3_backup_finish(backup)
            guard stepped == SQLITE_DONE, finished == SQLITE_OK else {
                throw copy.error(stepped == SQLITE_DONE ? finished : stepped, "cannot copy \(log.path)")
            }
            _ = try copy.scalarText("PRAGMA journal_mode = DELETE")
            try copy.execute("PRAGMA synchronous = OFF")
            try keepEventsOnly(copy)
            return try copy.scalarInt("SELECT max(position) FROM events") ?? 0
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
    }

    /// Brings the copy at `path` to this build's schema (refusing a newer one) and drops whatever
    /// it holds beside its events (a copy ``make(of:at:)`` made holds nothing else; one that does
    /// was not made so), then walks its events from the first through `head`, recomputing the
    /// chain, and hands each to `body` as the replay fast path sees it. Reads through SQLite's page cache rather than a memory map,
    /// so a restore's memory stays flat whatever the log's length.
    /// - Returns: the last position and its hash (hex); throws when the chain breaks, when the
    ///   events end before `head`, or when there are events after it.
    public static func walk(
        at path: String, through head: Int64, _ body: (borrowing RawEventRow) throws -> Void
    ) throws -> (position: Int64, hash: String) {
        let connection = try SQLiteConnection(path: path, flags: SQLITE_OPEN_READWRITE)
        defer { connection.close() }
        let migrator = Migrator(migrations: try Migration.bundled(), logger: .init(label: "callplane.eventlog.copy"))
        try migrator.refuseNewer(connection)
        // The file is flushed by whoever moves it into place (a restore), not by each change here.
        try connection.execute("PRAGMA synchronous = OFF")
        try migrator.migrate(connection, now: Int64(Date().timeIntervalSince1970 * 1_000_000))
        try keepEventsOnly(connection)
        try connection.execute("PRAGMA cache_size = -8192")
        var last = ChainHash.genesis
        let walked = try EventLog.walk(connection, after: 0, previous: .genesis, through: head) { select, _, hash in
            try body(
                RawEventRow(
                    position: select.int64(0), schema: Int(select.int64(5)), type: select.bytes(4).bindMemory(to: UInt8.self),
                    stream: select.bytes(2).bindMemory(to: UInt8.self), payload: select.bytes(11).bindMemory(to: UInt8.self)))
            last = hash
        }
        switch walked {
        case let .broken(position, reason):
            throw EventLogError.importRefused("the chain is broken at position \(position): \(reason)")
        case let .intact(_, end) where end != head:
            throw EventLogError.importRefused("the events end at position \(end), not at \(head)")
        case .intact:
            let beyond = try connection.scalarInt("SELECT count(*) FROM events WHERE position > \(head)") ?? 0
            guard beyond == 0 else { throw EventLogError.importRefused("\(beyond) events follow position \(head)") }
            let before = try connection.scalarInt("SELECT count(*) FROM events WHERE position <= 0") ?? 0
            guard before == 0 else { throw EventLogError.importRefused("\(before) events have a position before the first (1)") }
            return (head, Hexadecimal.lowercase(last.bytes))
        }
    }

    /// Empties every table but the events and the record of migrations. A copy that holds
    /// nothing else is not written at all: a commit would flush the whole new file on the
    /// restore's walking thread, where the writing thread flushes it beside the walk.
    private static func keepEventsOnly(_ connection: SQLiteConnection) throws {
        let select = try connection.prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('events', 'schema_migrations') AND name NOT LIKE 'sqlite_%'")
        var names: [String] = []
        while try select.step() { names.append(select.string(0)) }
        var holding: [String] = []
        for table in names where try connection.scalarInt("SELECT EXISTS (SELECT 1 FROM \"\(table)\")") == 1 { holding.append(table) }
        guard !holding.isEmpty else { return }
        try connection.execute("BEGIN")
        for table in holding { try connection.execute("DELETE FROM \"\(table)\"") }
        try connection.execute("COMMIT")
    }
}
