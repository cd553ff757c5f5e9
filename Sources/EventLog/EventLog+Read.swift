import CSQLite
import Foundation

extension EventLog {
    // MARK: Reading

    /// Events with position > `after`, in order, at most `limit`, matching `filter`.
    public func read(after: Int64 = 0, limit: Int = 1000, filter: EventFilter = .all) throws -> [EventEnvelope] {
        try read(after: after, upTo: nil, limit: limit, filter: filter)
    }

    /// `read` bounded above by `upTo` (subscriptions read only up to the head they saw).
    func read(after: Int64, upTo: Int64?, limit: Int, filter: EventFilter) throws -> [EventEnvelope] {
        guard limit > 0 else { return [] }
        return try readers.withConnection { connection in
            guard filter.stream == nil, let prefix = filter.typePrefix, !prefix.isEmpty else {
                return try Self.read(EventQuery(after: after, upTo: upTo, limit: limit, filter: filter), limit: limit, on: connection)
            }
            // Listing the types and reading their events must see the same snapshot: a type
            // that appears in between would otherwise be missing from a page that goes past it.
            try connection.execute("BEGIN")
            defer { try? connection.execute("COMMIT") }
            let types = try EventQuery.types(withPrefix: prefix, on: connection)
            if types?.isEmpty == true { return [] }
            return try Self.read(EventQuery(after: after, upTo: upTo, limit: limit, filter: filter, types: types), limit: limit, on: connection)
        }
    }

    private static func read(_ query: EventQuery, limit: Int, on connection: SQLiteConnection) throws -> [EventEnvelope] {
        let select = try connection.cached(query.sql)
        defer { select.reset() }
        try query.bind(select)
        var events: [EventEnvelope] = []
        events.reserveCapacity(Swift.min(limit, 1024))
        while try select.step() { events.append(select.envelope()) }
        return events
    }

    /// The event at `position`, if any.
    public func event(at position: Int64) throws -> EventEnvelope? {
        try readers.withConnection { connection in
            let select = try connection.cached("SELECT \(EventQuery.columns) FROM events WHERE position = ?1")
            defer { select.reset() }
            try select.bind(1, position)
            return try select.step() ? select.envelope() : nil
        }
    }

    /// The position of the event with this id, if it was appended.
    public func position(ofEventID id: UUID) throws -> Int64? {
        try readers.withConnection { connection in
            let select = try connection.cached("SELECT position FROM events WHERE id = ?1")
            defer { select.reset() }
            try select.bind(1, id)
            return try select.step() ? select.int64(0) : nil
        }
    }

    /// The number of events in `stream` (0 when it does not exist).
    public func version(ofStream stream: String) throws -> Int64 {
        try readers.withConnection { connection in
            let select = try connection.cached("SELECT max(version) FROM events WHERE stream = ?1")
            defer { select.reset() }
            try select.bind(1, stream)
            return try select.step() ? select.int64(0) : 0
        }
    }

    /// The types of `count` rows spread over the positions after `after` up to `through`, one at
    /// a random place in each of `count` equal stretches: a replay's look at the log's mix before
    /// it chooses how to split the work, for the price of `count` seeks. Random within its
    /// stretch, because a log written by a periodic source (a poller, a test generator) sampled
    /// at a fixed step can show one phase of the period only. The generator's seed is fixed, so
    /// the same log gives the same sample.
    public func sampleTypes(after: Int64, through: Int64, count: Int) throws -> [String] {
        guard through > after, count > 0 else { return [] }
        return try readers.withConnection { connection in
            let select = try connection.cached("SELECT type FROM events WHERE position >= ?1 AND position <= ?2 ORDER BY position LIMIT 1")
            var types: [String] = []
            types.reserveCapacity(count)
            var generator = SplitMix64(seed: 0x5eed)
            let stretch = Double(through - after) / Double(count)
            for index in 0..<count {
                defer { select.reset() }
                let offset = Int64(stretch * (Double(index) + Double.random(in: 0..<1, using: &generator)))
                try select.bind(1, after + 1 + offset)
                try select.bind(2, through)
                if try select.step() { types.append(select.string(0)) }
            }
            return types
        }
    }

    /// The replay fast path: calls `body` for each event after `after` in order, up to `limit`
    /// rows, without building Strings. Returns the last position seen (or `after`).
    ///
    /// One statement, so one consistent snapshot for the whole walk; the row's buffers point
    /// into SQLite's own column memory and are valid only during the call to `body`.
    @discardableResult
    public func scan(after: Int64, limit: Int = .max, _ body: (borrowing RawEventRow) throws -> Void) throws -> Int64 {
        guard limit > 0 else { return after }
        return try readers.withConnection { connection in
            let select = try connection.cached("SELECT position, schema, type, stream, payload FROM events WHERE position > ?1 ORDER BY position LIMIT ?2")
            defer { select.reset() }
            try select.bind(1, after)
            try select.bind(2, Int64(clamping: limit))
            return try Self.walk(select, from: after, body)
        }
    }

    /// The replay fast path for one family of types: the rows after `after` and up to `through`
    /// whose type starts with `typePrefix` (an ASCII prefix such as `call.`), in order.
    ///
    /// SQLite filters the rows, so those of other types are never copied out: a fact
    /// projection's start reads a log of a million events, most of them configuration and event
    /// messages, in about half the time a scan of every row took (docs/benchmarks.md). Returns
    /// the last matching position (or `after`).
    @discardableResult
    public func scan(after: Int64, through: Int64, typePrefix: String, _ body: (borrowing RawEventRow) throws -> Void) throws -> Int64 {
        guard after < through else { return after }
        let range = try Self.typeRange(of: typePrefix)
        return try readers.withConnection { connection in
            let select = try connection.cached(
                "SELECT position, schema, type, stream, payload FROM events WHERE position > ?1 AND position <= ?2 AND type >= ?3 AND type < ?4 ORDER BY position"
            )
            defer { select.reset() }
            try select.bind(1, after)
            try select.bind(2, through)
            try select.bindText(3, bytes: range.lower)
            try select.bindText(4, bytes: range.upper)
            return try Self.walk(select, from: after, body)
        }
    }

    /// The replay fast path without the rows whose type starts with one of `skipped` (ASCII
    /// prefixes such as `call.`), after `after` and up to `through`, in order.
    ///
    /// A replay of the configuration skips the telephony facts anyway; filtered in SQLite they
    /// are never copied out and handed across threads. Returns the last position handed over
    /// (or `after`).
    @discardableResult
    public func scan(after: Int64, through: Int64, skipping skipped: [String], _ body: (borrowing RawEventRow) throws -> Void) throws -> Int64 {
        guard after < through else { return after }
        let ranges = try skipped.map { prefix throws(EventLogError) in try Self.typeRange(of: prefix) }
        let conditions = ranges.indices.map { " AND NOT (type >= ?\(3 + 2 * $0) AND type < ?\(4 + 2 * $0))" }.joined()
        return try readers.withConnection { connection in
            let select = try connection.cached(
                "SELECT position, schema, type, stream, payload FROM events WHERE position > ?1 AND position <= ?2\(conditions) ORDER BY position")
            defer { select.reset() }
            try select.bind(1, after)
            try select.bind(2, through)
            for (index, range) in ranges.enumerated() {
                try select.bindText(Int32(3 + 2 * index), bytes: range.lower)
                try select.bindText(Int32(4 + 2 * index), bytes: range.upper)
            }
            return try Self.walk(select, from: after, body)
        }
    }

    /// The texts every type that starts with `prefix` sorts between: the prefix, and the prefix
    /// with its last byte raised by one ("call." … "call/").
    private static func typeRange(of prefix: String) throws(EventLogError) -> (lower: [UInt8], upper: [UInt8]) {
        var upper = Array(prefix.utf8)
        guard let last = upper.last, last < 0x7F else { throw .invalidRequest("a type prefix must be ASCII and not empty: \"\(prefix)\"") }
        upper[upper.count - 1] = last + 1
        return (Array(prefix.utf8), upper)
    }

    /// Steps `select` (position, schema, type, stream, payload) to its end, handing each row to
    /// `body`; one statement, so one consistent snapshot for the whole walk. The row's buffers
    /// point into SQLite's own column memory and are valid only during the call to `body`.
    private static func walk(_ select: SQLiteStatement, from after: Int64, _ body: (borrowing RawEventRow) throws -> Void) throws -> Int64 {
        let statement = select.handle
        var last = after
        while true {
            let rc = sqlite3_step(statement)
            guard rc == SQLITE_ROW else {
                if rc == SQLITE_DONE { break }
                throw select.failure(rc)
            }
            last = sqlite3_column_int64(statement, 0)
            let schema = sqlite3_column_int64(statement, 1)
            // text before bytes, as SQLite documents: the pointer is fetched first so the
            // byte count refers to the same representation.
            let type = sqlite3_column_text(statement, 2)
            let typeCount = Int(sqlite3_column_bytes(statement, 2))
            let stream = sqlite3_column_text(statement, 3)
            let streamCount = Int(sqlite3_column_bytes(statement, 3))
            let payload = sqlite3_column_text(statement, 4)
            let payloadCount = Int(sqlite3_column_bytes(statement, 4))
            try body(
                RawEventRow(
                    position: last, schema: Int(schema),
                    type: UnsafeBufferPointer(start: type, count: type == nil ? 0 : typeCount),
                    stream: UnsafeBufferPointer(start: stream, count: stream == nil ? 0 : streamCount),
                    payload: UnsafeBufferPointer(start: payload, count: payload == nil ? 0 : payloadCount)))
        }
        return last
    }
}
