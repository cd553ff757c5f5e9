import CSQLite
import Foundation

extension EventLog {
    // MARK: Integrity

    /// Walks the chain from the first event and reports the first position that does not match.
    ///
    /// Recomputes each hash from the stored column bytes and the previous row's stored hash,
    /// in one read statement (one snapshot), so it runs beside the writer and on a read-only
    /// open. A row is broken when its position is not its predecessor's + 1, when its stored
    /// hash differs from the recomputed one, or when a column no longer has the shape the
    /// writer gives it (a 16-byte id, a NULL or 16-byte correlation/causation).
    public func verify() throws -> ChainVerification {
        try readers.withConnection { connection in try Self.walk(connection, after: 0, previous: .genesis) }
    }

    /// Walks the events after `start`, whose stored hash is `previous`: from the first event
    /// (`0`, genesis) or from a verified mark (issue 13, point 19). `intact` counts the events
    /// walked and names the last position. With `end`, it stops there (a backup's head).
    ///
    /// `visit` sees each event once its hash is checked: the statement on its row, the chain
    /// (whose last canonical encoding is that event's) and its hash. ``export(through:_:)`` builds
    /// its records there, so a backup and a verification walk the chain by the same rules.
    static func walk(
        _ connection: SQLiteConnection, after start: Int64, previous: ChainHash, through end: Int64 = .max,
        visit: (_ row: SQLiteStatement, _ chain: EventChain, _ hash: ChainHash) throws -> Void = { _, _, _ in }
    ) throws -> ChainVerification {
        let select = try connection.cached(
            "SELECT \(EventQuery.columns) FROM events WHERE position > ?1 AND position <= ?2 ORDER BY position")
        defer { select.reset() }
        try select.bind(1, start)
        try select.bind(2, end)
        var chain = EventChain()
        var previous = previous
        var expected = start + 1
        var count: Int64 = 0
        while try select.step() {
            let position = select.int64(0)
            guard position == expected else {
                return .broken(position: position, reason: "expected position \(expected) after \(expected - 1), found \(position)")
            }
            guard let id = Self.uuidBytes(select.bytes(1)) else {
                return .broken(position: position, reason: "the id is not 16 bytes")
            }
            let correlation = select.isNull(9) ? nil : Self.uuidBytes(select.bytes(9))
            let causation = select.isNull(10) ? nil : Self.uuidBytes(select.bytes(10))
            if !select.isNull(9), correlation == nil { return .broken(position: position, reason: "the correlation is not 16 bytes") }
            if !select.isNull(10), causation == nil { return .broken(position: position, reason: "the causation is not 16 bytes") }
            let hash = chain.hash(
                previous: previous, position: position, id: id, stream: select.bytes(2),
                version: select.int64(3), type: select.bytes(4), schema: select.int64(5), at: select.int64(6),
                actor: select.bytes(7), source: select.bytes(8), correlation: correlation, causation: causation,
                payload: select.bytes(11))
            let stored = select.bytes(12)
            guard hash.matches(stored) else {
                return .broken(position: position, reason: "stored hash does not match the event's content and the previous hash")
            }
            try visit(select, chain, hash)
            previous = hash
            expected += 1
            count += 1
        }
        return .intact(events: count, head: expected - 1)
    }

    private static func uuidBytes(_ bytes: UnsafeRawBufferPointer) -> uuid_t? {
        guard bytes.count == 16 else { return nil }
        return bytes.loadUnaligned(as: uuid_t.self)
    }
}
