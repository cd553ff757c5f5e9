import CSQLite
import Foundation

extension EventLog {
    /// The log's schema: the number of the newest migration this build applies. A backup records
    /// it so that an archive from a newer build is refused before anything is touched.
    public static var schemaVersion: Int {
        get throws { try Migration.bundled().last?.version ?? 0 }
    }

    /// Hands every event from the first up to `head` to `body` as one export record (and as the
    /// replay fast path's row, to fold into a state on the way), in order,
    /// in one read statement (one snapshot of the database), so it runs beside the writer and
    /// the cut is consistent without pausing appends (issue 18, point 2).
    ///
    /// A record is the event's canonical encoding (``EventChain``: every column with a fixed
    /// width or a length prefix) followed by its 32-byte stored hash; ``EventLogImport`` reads it
    /// back. The chain is recomputed on the way, so a log that is broken is refused here rather
    /// than carried into a backup that would then never restore.
    /// - Returns: the last position and its hash (hex), which must be `head`.
    @discardableResult
    public func export(
        through head: Int64, _ body: (_ record: UnsafeRawBufferPointer, _ row: borrowing RawEventRow) throws -> Void
    ) throws -> (position: Int64, hash: String) {
        try readers.withConnection { connection in
            let select = try connection.cached("SELECT \(EventQuery.columns) FROM events WHERE position <= ?1 ORDER BY position")
            defer { select.reset() }
            try select.bind(1, head)
            var chain = EventChain()
            var previous = ChainHash.genesis
            var expected: Int64 = 1
            var record: [UInt8] = []
            record.reserveCapacity(1024)
            while try select.step() {
                let position = select.int64(0)
                func broken(_ reason: String) -> EventLogError {
                    .storage(code: SQLITE_CORRUPT, message: "the log's chain is broken at position \(position): \(reason); a backup would carry it")
                }
                guard position == expected else { throw broken("expected position \(expected)") }
                guard let id = Self.exportUUID(select.bytes(1)) else { throw broken("the id is not 16 bytes") }
                let correlation = select.isNull(9) ? nil : Self.exportUUID(select.bytes(9))
                let causation = select.isNull(10) ? nil : Self.exportUUID(select.bytes(10))
                let hash = chain.hash(
                    previous: previous, position: position, id: id, stream: select.bytes(2),
                    version: select.int64(3), type: select.bytes(4), schema: select.int64(5), at: select.int64(6),
                    actor: select.bytes(7), source: select.bytes(8), correlation: correlation, causation: causation,
                    payload: select.bytes(11))
                guard hash.matches(select.bytes(12)) else { throw broken("the stored hash does not match the event") }
                record.removeAll(keepingCapacity: true)
                chain.withLastCanonicalEncoding { record.append(contentsOf: $0) }
                hash.withUnsafeBytes { record.append(contentsOf: $0) }
                let row = RawEventRow(
                    position: position, schema: Int(select.int64(5)), type: select.bytes(4).bindMemory(to: UInt8.self),
                    stream: select.bytes(2).bindMemory(to: UInt8.self), payload: select.bytes(11).bindMemory(to: UInt8.self))
                try record.withUnsafeBytes { try body($0, row) }
                previous = hash
                expected += 1
            }
            guard expected - 1 == head else {
                throw EventLogError.storage(code: SQLITE_CORRUPT, message: "the log ends at \(expected - 1), before the backup's head \(head)")
            }
            return (head, Hexadecimal.lowercase(previous.bytes))
        }
    }

    private static func exportUUID(_ bytes: UnsafeRawBufferPointer) -> uuid_t? {
        guard bytes.count == 16 else { return nil }
        return bytes.loadUnaligned(as: uuid_t.self)
    }
}
