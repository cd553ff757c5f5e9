import CSQLite
import Foundation

/// One `sqlite3*` handle and the prepared statements cached on it.
///
/// `@unchecked Sendable` because SQLite is opened with `SQLITE_OPEN_NOMUTEX` (no locking of its
/// own) and the log guarantees exclusive use instead: a connection is owned either by the
/// writer thread for its whole life (handed over once, before the thread starts, and back
/// only after it has ended) or by whoever checked it out of ``ReadPool`` — and the pool hands
/// a connection to exactly one caller at a time, under its Mutex. The type may cross threads
/// that way; it is never used by two at once.
final class SQLiteConnection: @unchecked Sendable {
    private(set) var handle: OpaquePointer?
    private var statements: [String: SQLiteStatement] = [:]

    /// Opens `path` with `flags` (`SQLITE_OPEN_NOMUTEX` is always added, see the type's comment).
    init(path: String, flags: Int32) throws(EventLogError) {
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_close_v2(db)
            throw .storage(code: rc, message: "cannot open \(path): \(message)")
        }
        handle = db
        // Extended codes tell SQLITE_IOERR_FSYNC from SQLITE_IOERR_WRITE in error reports.
        sqlite3_extended_result_codes(db, 1)
    }

    deinit { close() }

    /// Finalises every cached statement, then closes the handle. Safe to call twice.
    func close() {
        statements.removeAll()
        if let handle {
            sqlite3_close_v2(handle)
            self.handle = nil
        }
    }

    /// The connection's current error, as the log reports it.
    func error(_ code: Int32, _ context: String? = nil) -> EventLogError {
        let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
        return .storage(code: code, message: context.map { "\($0): \(message)" } ?? message)
    }

    /// Runs one or more statements that return no rows we need (pragmas, DDL, migrations).
    func execute(_ sql: String) throws(EventLogError) {
        guard let handle else { throw .closed }
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw error(rc) }
    }

    /// A statement prepared once and reused: the writer's per-batch overhead and the
    /// readers' per-call overhead stay at a bind and a step.
    func cached(_ sql: String) throws(EventLogError) -> SQLiteStatement {
        if let statement = statements[sql] { return statement }
        let statement = try prepare(sql, persistent: true)
        statements[sql] = statement
        return statement
    }

    /// A statement for one-off use (finalised when released).
    func prepare(_ sql: String, persistent: Bool = false) throws(EventLogError) -> SQLiteStatement {
        guard let handle else { throw .closed }
        var statement: OpaquePointer?
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let rc = sqlite3_prepare_v3(handle, sql, -1, flags, &statement, nil)
        guard rc == SQLITE_OK, let statement else { throw error(rc, "cannot prepare \(sql)") }
        return SQLiteStatement(handle: statement)
    }

    /// The first column of the first row of `sql` as text (pragmas report this way).
    func scalarText(_ sql: String) throws(EventLogError) -> String? {
        let statement = try prepare(sql)
        guard try statement.step() else { return nil }
        return statement.isNull(0) ? nil : statement.string(0)
    }

    /// The first column of the first row of `sql` as an integer.
    func scalarInt(_ sql: String) throws(EventLogError) -> Int64? {
        let statement = try prepare(sql)
        guard try statement.step() else { return nil }
        return statement.isNull(0) ? nil : statement.int64(0)
    }

    var isInTransaction: Bool { handle.map { sqlite3_get_autocommit($0) == 0 } ?? false }
}
