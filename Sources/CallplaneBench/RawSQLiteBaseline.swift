import CSQLite
import Foundation

/// The baseline the log is measured against: plain SQLite C calls inserting the same rows into
/// the same (migrated) schema with the same durability (WAL, synchronous=FULL), and a plain row
/// read that decodes nothing.
final class RawSQLiteBaseline {
    private var db: OpaquePointer?

    init(path: String) throws {
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK else {
            throw BenchError("cannot open \(path)")
        }
        try exec("PRAGMA journal_mode=WAL")
        try exec("PRAGMA synchronous=FULL")
    }

    deinit { sqlite3_close_v2(db) }

    func exec(_ sql: String) throws {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else {
            throw BenchError("\(sql): \(String(cString: sqlite3_errmsg(db)))")
        }
    }

    /// Inserts `rows` with `perCommit` rows in each transaction; returns rows per second.
    func insert(_ rows: [BenchRow], perCommit: Int) throws -> Double {
        var statement: OpaquePointer?
        let sql =
            "INSERT INTO events (position, id, stream, version, type, schema, at, actor, source, correlation, causation, payload, hash) VALUES (?,?,?,?,?,?,?,?,?,NULL,NULL,?,?)"
        guard sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK else {
            throw BenchError("prepare: \(String(cString: sqlite3_errmsg(db)))")
        }
        defer { sqlite3_finalize(statement) }
        let transient = callplane_sqlite_transient()
        let start = ContinuousClock.now
        var index = 0
        while index < rows.count {
            try exec("BEGIN IMMEDIATE")
            for row in rows[index..<min(index + perCommit, rows.count)] {
                sqlite3_bind_int64(statement, 1, row.position)
                _ = row.id.withUnsafeBytes { sqlite3_bind_blob(statement, 2, $0.baseAddress, 16, transient) }
                sqlite3_bind_text(statement, 3, row.stream, -1, transient)
                sqlite3_bind_int64(statement, 4, 1)
                sqlite3_bind_text(statement, 5, row.type, -1, transient)
                sqlite3_bind_int64(statement, 6, 1)
                sqlite3_bind_int64(statement, 7, row.at)
                sqlite3_bind_text(statement, 8, "bench", -1, transient)
                sqlite3_bind_text(statement, 9, "127.0.0.1/bench", -1, transient)
                sqlite3_bind_text(statement, 10, row.payload, -1, transient)
                _ = row.hash.withUnsafeBytes { sqlite3_bind_blob(statement, 11, $0.baseAddress, 32, transient) }
                guard sqlite3_step(statement) == SQLITE_DONE else {
                    throw BenchError("insert: \(String(cString: sqlite3_errmsg(db)))")
                }
                sqlite3_reset(statement)
            }
            try exec("COMMIT")
            index += perCommit
        }
        return Double(rows.count) / (ContinuousClock.now - start).seconds
    }

    /// Reads every row's type and payload without decoding; returns rows per second.
    func readAll() throws -> (rowsPerSecond: Double, rows: Int) {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, "SELECT position, type, payload FROM events ORDER BY position", -1, &statement, nil) == SQLITE_OK else {
            throw BenchError("prepare: \(String(cString: sqlite3_errmsg(db)))")
        }
        defer { sqlite3_finalize(statement) }
        let start = ContinuousClock.now
        var rows = 0
        var bytes = 0
        while sqlite3_step(statement) == SQLITE_ROW {
            _ = sqlite3_column_int64(statement, 0)
            _ = sqlite3_column_text(statement, 1)
            _ = sqlite3_column_text(statement, 2)
            bytes &+= Int(sqlite3_column_bytes(statement, 1)) &+ Int(sqlite3_column_bytes(statement, 2))
            rows += 1
        }
        let seconds = (ContinuousClock.now - start).seconds
        precondition(bytes > 0 || rows == 0)
        return (Double(rows) / seconds, rows)
    }
}

struct BenchRow {
    var position: Int64
    /// The 16 bytes of the UUID, stored as a BLOB as the log stores it.
    var id: [UInt8]
    var stream: String
    var type: String
    var at: Int64
    var payload: String
    var hash: [UInt8]
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
