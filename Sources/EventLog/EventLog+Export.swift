import CSQLite
import Foundation

extension EventLog {
    /// The log's schema: the number of the newest migration this build applies. A backup records
    /// it so that an archive from a newer build is refused before anything is touched.
    public static var schemaVersion: Int {
        get throws { try Migration.bundled().last?.version ?? 0 }
    }

    /// The first archive format's encoder (`BackupLogFormat.records`): archives now carry the
    /// log's database file (``EventLogDatabaseCopy``), and the records are kept for the archives
    /// made before, which ``EventLogImport`` still reads — its tests build their records here.
    ///
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
            var record: [UInt8] = []
            record.reserveCapacity(1024)
            var last = ChainHash.genesis
            let walked = try Self.walk(connection, after: 0, previous: .genesis, through: head) { select, chain, hash in
                record.removeAll(keepingCapacity: true)
                chain.withLastCanonicalEncoding { record.append(contentsOf: $0) }
                hash.withUnsafeBytes { record.append(contentsOf: $0) }
                let row = RawEventRow(
                    position: select.int64(0), schema: Int(select.int64(5)), type: select.bytes(4).bindMemory(to: UInt8.self),
                    stream: select.bytes(2).bindMemory(to: UInt8.self), payload: select.bytes(11).bindMemory(to: UInt8.self))
                try record.withUnsafeBytes { try body($0, row) }
                last = hash
            }
            switch walked {
            case let .broken(position, reason):
                throw EventLogError.storage(
                    code: SQLITE_CORRUPT, message: "the log's chain is broken at position \(position): \(reason); a backup would carry it")
            case let .intact(_, end) where end != head:
                throw EventLogError.storage(code: SQLITE_CORRUPT, message: "the log ends at \(end), before the backup's head \(head)")
            case .intact:
                return (head, Hexadecimal.lowercase(last.bytes))
            }
        }
    }
}
