import CSQLite
import Foundation

/// Builds a new log file from the export records of another (``EventLog/export(through:_:)``),
/// verbatim — each event's position, id, time, actor, payload and hash as stored — so a restored
/// log is the same chain and `events verify` passes on it (issue 18, point 5).
///
/// Each record's hash is recomputed from its predecessor's before it is written, so a record that
/// was changed, dropped, repeated or moved is refused with its position, and the caller abandons
/// the file. The file is new (it must not exist), is written without a journal — a half-built
/// file is thrown away, never opened — and is flushed to disk by ``finish()``.
///
/// Not `Sendable`: one thread builds a file from start to end.
public final class EventLogImport {
    public let path: String
    /// The last position imported (0 before the first).
    public private(set) var position: Int64 = 0
    private var previous = ChainHash.genesis
    private var chain = EventChain()
    private var connection: SQLiteConnection?
    private let insert: SQLiteStatement
    private var uncommitted = 0
    /// The `CREATE INDEX` statements of the events table, run by ``finish()``.
    private var deferredIndexes: [String] = []
    /// Rows per transaction: large enough that commits cost nothing, small enough that SQLite's
    /// page cache is not the import's memory.
    private let rowsPerTransaction = 20_000

    /// Creates the file at `path` with this build's schema.
    public init(creatingAt path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw EventLogError.invalidRequest("\(path) exists; an import writes a new file only")
        }
        self.path = path
        try EventLog.prepareOwnerOnlyFiles(at: path)
        let connection = try SQLiteConnection(path: path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        do {
            try connection.execute("PRAGMA journal_mode = OFF")
            try connection.execute("PRAGMA synchronous = OFF")
            try connection.execute("PRAGMA cache_size = -32768")
            // The index builds at the end sort with a helper thread.
            try connection.execute("PRAGMA threads = 2")
            try Migrator(migrations: try Migration.bundled(), logger: .init(label: "callplane.eventlog.import"))
                .migrate(connection, now: Int64(Date().timeIntervalSince1970 * 1_000_000))
            // Indexes are built once at the end: a sorted build of each is several times faster
            // than a million random insertions into it. Their definitions are read back from the
            // schema the migrations made, so the rebuilt ones are exactly those.
            let indexes = try connection.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL")
            var definitions: [(name: String, sql: String)] = []
            while try indexes.step() { definitions.append((indexes.string(0), indexes.string(1))) }
            indexes.reset()
            for definition in definitions { try connection.execute("DROP INDEX \(definition.name)") }
            deferredIndexes = definitions.map(\.sql)
            insert = try connection.prepare(
                """
                INSERT INTO events (position, id, stream, version, type, schema, at, actor, source, correlation, causation, payload, hash)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                """, persistent: true)
            try connection.execute("BEGIN")
        } catch {
            connection.close()
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
        self.connection = connection
    }

    deinit { connection?.close() }

    /// Checks and writes one export record, then hands the event to `body` as the replay fast
    /// path sees it (the caller folds it into the state it recomputes).
    /// - Throws: ``EventLogError/importRefused(_:)`` naming the position and the rule when the
    ///   record is malformed, out of order or does not continue the chain.
    public func add(record: UnsafeRawBufferPointer, _ body: (borrowing RawEventRow) throws -> Void = { _ in }) throws {
        guard connection != nil else { throw EventLogError.closed }
        let expected = position + 1
        guard let fields = Fields(record) else {
            throw EventLogError.importRefused("the record after position \(position) is malformed (its fields do not fit its length)")
        }
        guard fields.position == expected else {
            throw EventLogError.importRefused("expected position \(expected), found \(fields.position)")
        }
        let hash = chain.hash(
            previous: previous, position: fields.position, id: fields.id, stream: fields.stream, version: fields.version,
            type: fields.type, schema: fields.schema, at: fields.at, actor: fields.actor, source: fields.source,
            correlation: fields.correlation, causation: fields.causation, payload: fields.payload)
        guard hash.matches(fields.hash) else {
            throw EventLogError.importRefused("the event at position \(fields.position) does not continue the chain (its hash does not match)")
        }
        try insert.bind(1, fields.position)
        try withUnsafeBytes(of: fields.id) { try insert.bind(2, blob: $0) }
        try insert.bindText(3, raw: fields.stream)
        try insert.bind(4, fields.version)
        try insert.bindText(5, raw: fields.type)
        try insert.bind(6, fields.schema)
        try insert.bind(7, fields.at)
        try insert.bindText(8, raw: fields.actor)
        try insert.bindText(9, raw: fields.source)
        if let correlation = fields.correlation {
            try withUnsafeBytes(of: correlation) { try insert.bind(10, blob: $0) }
        } else {
            try insert.bindNull(10)
        }
        if let causation = fields.causation {
            try withUnsafeBytes(of: causation) { try insert.bind(11, blob: $0) }
        } else {
            try insert.bindNull(11)
        }
        try insert.bindText(12, raw: fields.payload)
        try insert.bind(13, blob: fields.hash)
        _ = try insert.step()
        insert.reset()
        try body(
            RawEventRow(
                position: fields.position, schema: Int(fields.schema), type: fields.type.bindMemory(to: UInt8.self),
                stream: fields.stream.bindMemory(to: UInt8.self), payload: fields.payload.bindMemory(to: UInt8.self)))
        previous = hash
        position = fields.position
        uncommitted += 1
        if uncommitted >= rowsPerTransaction {
            try connection?.execute("COMMIT")
            try connection?.execute("BEGIN")
            uncommitted = 0
        }
    }

    /// The hash of the last event imported, lowercase hex.
    public var headHash: String { Hexadecimal.lowercase(previous.bytes) }

    /// Commits, closes and flushes the file to disk; the caller then moves it into place.
    public func finish() throws {
        guard let connection else { throw EventLogError.closed }
        for definition in deferredIndexes { try connection.execute(definition) }
        try connection.execute("COMMIT")
        connection.close()
        self.connection = nil
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw EventLogError.storage(code: SQLITE_IOERR, message: "cannot reopen \(path) to flush it") }
        defer { Glibc.close(descriptor) }
        guard fsync(descriptor) == 0 else { throw EventLogError.storage(code: SQLITE_IOERR, message: "fsync of \(path) failed") }
    }

    /// Closes and deletes the file: what a refused archive leaves behind is nothing.
    public func abandon() {
        connection?.close()
        connection = nil
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The fields of one export record, as views into it.
    private struct Fields {
        var position: Int64 = 0
        var id: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var stream = UnsafeRawBufferPointer(start: nil, count: 0)
        var version: Int64 = 0
        var type = UnsafeRawBufferPointer(start: nil, count: 0)
        var schema: Int64 = 0
        var at: Int64 = 0
        var actor = UnsafeRawBufferPointer(start: nil, count: 0)
        var source = UnsafeRawBufferPointer(start: nil, count: 0)
        var correlation: uuid_t?
        var causation: uuid_t?
        var payload = UnsafeRawBufferPointer(start: nil, count: 0)
        var hash = UnsafeRawBufferPointer(start: nil, count: 0)

        /// `nil` unless the record holds exactly the fields ``EventChain`` encodes and a hash.
        init?(_ record: UnsafeRawBufferPointer) {
            var offset = 0
            func take(_ count: Int) -> UnsafeRawBufferPointer? {
                guard count >= 0, record.count - offset >= count else { return nil }
                defer { offset += count }
                return UnsafeRawBufferPointer(rebasing: record[offset..<offset + count])
            }
            func integer() -> Int64? { take(8).map { Int64(bigEndian: $0.loadUnaligned(as: Int64.self)) } }
            func uuid() -> uuid_t? { take(16).map { $0.loadUnaligned(as: uuid_t.self) } }
            func text() -> UnsafeRawBufferPointer? {
                guard let length = take(4).map({ UInt32(bigEndian: $0.loadUnaligned(as: UInt32.self)) }) else { return nil }
                return take(Int(length))
            }
            func optionalUUID() -> uuid_t?? {
                guard let flag = take(1) else { return nil }
                switch flag[0] {
                case 0: return .some(nil)
                case 1: return uuid().map { .some($0) }
                default: return nil
                }
            }
            guard let position = integer(), let id = uuid(), let stream = text(), let version = integer(), let type = text(),
                let schema = integer(), let at = integer(), let actor = text(), let source = text(),
                let correlation = optionalUUID(), let causation = optionalUUID(), let payload = text(), let hash = take(32),
                offset == record.count
            else { return nil }
            (self.position, self.id, self.stream, self.version, self.type) = (position, id, stream, version, type)
            (self.schema, self.at, self.actor, self.source) = (schema, at, actor, source)
            (self.correlation, self.causation, self.payload, self.hash) = (correlation, causation, payload, hash)
        }
    }
}
