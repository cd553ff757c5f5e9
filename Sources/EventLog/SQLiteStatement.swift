import CSQLite
import Foundation

/// A prepared statement. Owned by the ``SQLiteConnection`` that prepared it and used only by
/// that connection's current owner (so it needs no synchronisation of its own).
///
/// Binding copies values into SQLite (`SQLITE_TRANSIENT`): the Swift storage they come from
/// does not outlive the bind call, and SQLite's copy comes from the connection's lookaside
/// allocator, which is cheaper than keeping Swift buffers alive until the step.
final class SQLiteStatement {
    let handle: OpaquePointer

    init(handle: OpaquePointer) { self.handle = handle }

    deinit { sqlite3_finalize(handle) }

    private func check(_ rc: Int32) throws(EventLogError) {
        guard rc == SQLITE_OK else { throw failure(rc) }
    }

    func failure(_ rc: Int32) -> EventLogError {
        let db = sqlite3_db_handle(handle)
        let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
        return .storage(code: rc, message: message)
    }

    // MARK: Binding (1-based indexes, as in SQL)

    func bind(_ index: Int32, _ value: Int64) throws(EventLogError) {
        try check(sqlite3_bind_int64(handle, index, value))
    }

    /// Binds the string's own UTF-8 storage. Passing a `String` where C wants a `char *` would
    /// copy it into a fresh array first (the compiler's bridging goes through `utf8CString`):
    /// five allocations a row on the writer's path, for bytes SQLite copies anyway.
    func bind(_ index: Int32, _ value: String) throws(EventLogError) {
        if let rc = value.utf8.withContiguousStorageIfAvailable({ bindText(index, UnsafeRawBufferPointer($0)) }) {
            try check(rc)
        } else {
            try bindText(index, bytes: Array(value.utf8))
        }
    }

    /// Binds UTF-8 bytes as TEXT (not BLOB): SQLite orders TEXT before BLOB whatever the
    /// bytes, so a type-prefix range bound must be TEXT to compare with the stored types.
    func bindText(_ index: Int32, bytes: [UInt8]) throws(EventLogError) {
        try check(bytes.withUnsafeBytes { bindText(index, $0) })
    }

    /// Binds bytes read straight from a backup record as TEXT, without building a String.
    func bindText(_ index: Int32, raw bytes: UnsafeRawBufferPointer) throws(EventLogError) {
        try check(bindText(index, bytes))
    }

    private func bindText(_ index: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
        // An empty string must still be TEXT, not NULL: pass a non-nil pointer.
        let text = (bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1))?.assumingMemoryBound(to: CChar.self)
        return sqlite3_bind_text(handle, index, text, Int32(bytes.count), callplane_sqlite_transient())
    }

    func bind(_ index: Int32, blob bytes: UnsafeRawBufferPointer) throws(EventLogError) {
        try check(bind(index, rawBytes: bytes))
    }

    func bindNull(_ index: Int32) throws(EventLogError) {
        try check(sqlite3_bind_null(handle, index))
    }

    func bind(_ index: Int32, blob: [UInt8]) throws(EventLogError) {
        let rc = blob.withUnsafeBytes { bind(index, rawBytes: $0) }
        try check(rc)
    }

    func bind(_ index: Int32, _ hash: ChainHash) throws(EventLogError) {
        let rc = hash.withUnsafeBytes { bind(index, rawBytes: $0) }
        try check(rc)
    }

    private func bind(_ index: Int32, rawBytes bytes: UnsafeRawBufferPointer) -> Int32 {
        // A zero-length blob must still be a blob, not NULL: pass a non-nil pointer.
        sqlite3_bind_blob(handle, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(bytes.count), callplane_sqlite_transient())
    }

    func bind(_ index: Int32, _ uuid: UUID) throws(EventLogError) {
        let rc = withUnsafeBytes(of: uuid.uuid) {
            sqlite3_bind_blob(handle, index, $0.baseAddress, 16, callplane_sqlite_transient())
        }
        try check(rc)
    }

    func bind(_ index: Int32, _ uuid: UUID?) throws(EventLogError) {
        if let uuid { try bind(index, uuid) } else { try check(sqlite3_bind_null(handle, index)) }
    }

    // MARK: Stepping

    /// `true` when a row is available, `false` when the statement is done.
    @inline(__always)
    func step() throws(EventLogError) -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        throw failure(rc)
    }

    /// Ends the statement's use: a reset releases its read snapshot, so a cached SELECT never
    /// pins the WAL (which would stop checkpoints) or serves stale rows next time.
    @inline(__always)
    func reset() { sqlite3_reset(handle) }

    // MARK: Columns (0-based, as in the C API)

    @inline(__always) func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    @inline(__always) func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    /// The column's bytes, valid until the next step, reset or column conversion.
    @inline(__always)
    func bytes(_ column: Int32) -> UnsafeRawBufferPointer {
        // For TEXT, sqlite3_column_blob returns the stored UTF-8 without conversion.
        let pointer = sqlite3_column_blob(handle, column)
        let count = Int(sqlite3_column_bytes(handle, column))
        return UnsafeRawBufferPointer(start: pointer, count: pointer == nil ? 0 : count)
    }

    func string(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    func blob(_ column: Int32) -> [UInt8] { Array(bytes(column)) }

    /// A 16-byte BLOB as a UUID; `nil` for NULL or any other length.
    func uuid(_ column: Int32) -> UUID? {
        let raw = bytes(column)
        guard raw.count == 16 else { return nil }
        return UUID(uuid: raw.loadUnaligned(as: uuid_t.self))
    }
}
