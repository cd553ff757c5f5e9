import CSQLite
import Foundation

extension EventLog {
    // MARK: Integrity (issue 13, points 18 and 19)

    /// The name of the mark that records how far the chain was last walked and found intact.
    static let verifiedMarkName = "verified"

    /// The key, or the refusal that names the rule.
    func requireIntegrityKey() throws(EventLogError) -> LogIntegrityKey {
        guard let integrityKey else {
            throw .invalidRequest("the log was opened without an integrity key: snapshots and witnesses can be neither bound nor checked (issue 13, point 18)")
        }
        return integrityKey
    }

    /// The stored verified mark, not yet checked; `nil` before the first verification.
    public func verifiedMark() throws -> ChainWitness? {
        try readers.withConnection { connection in try Self.mark(named: Self.verifiedMarkName, connection) }
    }

    /// Records `witness` as the point up to which the chain was walked and found intact, so the
    /// next start walks only what came after it. Refused beyond the head.
    public func saveVerifiedMark(_ witness: ChainWitness) async throws {
        let queue = try writeQueue()
        let promise = CompletionPromise<Void>()
        guard queue.enqueue(.saveMark(name: Self.verifiedMarkName, witness, promise)) else { throw EventLogError.closed }
        try await promise.value()
    }

    /// `envelope`'s place in the chain, authenticated with the log's key, for someone outside
    /// to keep and hand back to ``checkIntegrity(outside:fromVerifiedMark:)`` (a remote
    /// destination's copy of a delivered batch); nil when the log has no key.
    public func witness(of envelope: EventEnvelope) -> ChainWitness? {
        integrityKey.map { ChainWitness(position: envelope.position, hash: envelope.hash, key: $0) }
    }

    /// Walks the chain and holds the log to every witness and every stored snapshot, all in one
    /// read transaction (one consistent view beside the writer).
    ///
    /// - Parameters:
    ///   - outside: witnesses kept outside the database (the witness file), by source name.
    ///   - fromVerifiedMark: walk only the events after an authentic verified mark whose event
    ///     still has its hash (start-up: hashing is cheap, but a long log need not be walked
    ///     twice); otherwise, and whenever the mark cannot be used, from the first event.
    public func checkIntegrity(outside: [String: ChainWitness] = [:], fromVerifiedMark: Bool = false) throws -> IntegrityReport {
        let key = try requireIntegrityKey()
        return try readers.withConnection { connection in
            try connection.execute("BEGIN")
            defer { try? connection.execute("COMMIT") }
            let head = try connection.scalarInt("SELECT max(position) FROM events") ?? 0
            let headHash = try Self.hash(at: head, connection) ?? ChainHash.genesis.bytes
            var witnesses: [(source: String, witness: ChainWitness)] = []
            var problems: [String] = []

            let snapshots = try Self.snapshotChecks(connection, head: head, key: key) { check, eventHash in
                if check.verdict != .unbound, check.verdict != .forged {
                    witnesses.append(("snapshot \(check.kind) at \(check.position)", ChainWitness(position: check.position, hash: eventHash, mac: [])))
                }
            }
            let mark = try Self.mark(named: Self.verifiedMarkName, connection)
            var sources: [(String, ChainWitness)] = mark.map { [("verified mark", $0)] } ?? []
            sources += outside.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            for (source, witness) in sources {
                if witness.isAuthentic(under: key) {
                    witnesses.append((source, witness))
                } else {
                    problems.append("the \(source) is not authentic: its MAC does not match its position and hash (edited, or written under another key)")
                }
            }

            var truncation: IntegrityReport.Truncation?
            for (source, witness) in witnesses {
                if witness.position > head {
                    if witness.position > truncation?.witness ?? head {
                        truncation = IntegrityReport.Truncation(head: head, witness: witness.position, source: source)
                    }
                } else if try Self.hash(at: witness.position, connection) != witness.hash {
                    problems.append(
                        "the event at position \(witness.position) no longer has the hash the \(source) witnessed: the log was rewritten")
                }
            }

            var start = (position: Int64(0), hash: ChainHash.genesis)
            if fromVerifiedMark, let mark, mark.isAuthentic(under: key), mark.position <= head,
                try Self.hash(at: mark.position, connection) == mark.hash, let hash = ChainHash(bytes: mark.hash)
            {
                start = (mark.position, hash)
            }
            let chain = try Self.walk(connection, after: start.position, previous: start.hash)
            return IntegrityReport(
                chain: chain, head: head, headWitness: ChainWitness(position: head, hash: headHash, key: key),
                truncation: truncation, witnessProblems: problems, snapshots: snapshots)
        }
    }

    /// Checks each stored snapshot against the log; `witness` gets each one with the event hash
    /// it records, for the witness checks.
    static func snapshotChecks(
        _ connection: SQLiteConnection, head: Int64, key: LogIntegrityKey, witness: (SnapshotCheck, [UInt8]) -> Void
    ) throws -> [SnapshotCheck] {
        let select = try connection.cached("SELECT kind, position, schema, state, event_hash, mac FROM snapshots ORDER BY kind, position")
        defer { select.reset() }
        var rows: [(kind: String, position: Int64, schema: Int, state: [UInt8], eventHash: [UInt8]?, mac: [UInt8]?)] = []
        while try select.step() {
            rows.append(
                (
                    select.string(0), select.int64(1), Int(select.int64(2)), select.blob(3),
                    select.isNull(4) ? nil : select.blob(4), select.isNull(5) ? nil : select.blob(5)
                ))
        }
        var checks: [SnapshotCheck] = []
        for row in rows {
            let verdict = try snapshotVerdict(
                kind: row.kind, position: row.position, schema: row.schema, state: row.state,
                eventHash: row.eventHash, mac: row.mac, head: head, key: key, connection)
            let check = SnapshotCheck(kind: row.kind, position: row.position, schema: row.schema, verdict: verdict, head: head)
            if let eventHash = row.eventHash { witness(check, eventHash) }
            checks.append(check)
        }
        return checks
    }

    /// One snapshot's verdict: no MAC → unbound; a MAC that does not match → forged; beyond the
    /// head → ahead of the log; the log's hash at its position differs → detached.
    static func snapshotVerdict(
        kind: String, position: Int64, schema: Int, state: [UInt8], eventHash: [UInt8]?, mac: [UInt8]?,
        head: Int64, key: LogIntegrityKey, _ connection: SQLiteConnection
    ) throws -> SnapshotCheck.Verdict {
        guard let eventHash, let mac else { return .unbound }
        let message = LogIntegrityKey.snapshotMessage(kind: kind, position: position, schema: schema, eventHash: eventHash, state: state)
        guard key.isValid(mac, for: message) else { return .forged }
        guard position <= head, let logHash = try hash(at: position, connection) else { return .aheadOfLog }
        return logHash == eventHash ? .bound : .detached
    }

    /// The stored chain hash of the event at `position`; 32 zero bytes at 0; `nil` when absent.
    static func hash(at position: Int64, _ connection: SQLiteConnection) throws -> [UInt8]? {
        guard position > 0 else { return ChainHash.genesis.bytes }
        let select = try connection.cached("SELECT hash FROM events WHERE position = ?1")
        defer { select.reset() }
        try select.bind(1, position)
        guard try select.step() else { return nil }
        return select.blob(0)
    }

    static func mark(named name: String, _ connection: SQLiteConnection) throws -> ChainWitness? {
        let select = try connection.cached("SELECT position, hash, mac FROM integrity_marks WHERE name = ?1")
        defer { select.reset() }
        try select.bind(1, name)
        guard try select.step() else { return nil }
        return ChainWitness(position: select.int64(0), hash: select.blob(1), mac: select.blob(2))
    }
}
