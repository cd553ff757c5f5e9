extension EventLog {
    // MARK: Snapshots

    /// Durably stores a snapshot bound to the chain; older snapshots of the same kind are pruned
    /// (the newest 2 stay).
    ///
    /// "Newest" means highest position; saving again at the same position replaces that one.
    /// The position must be within `0…head` (a snapshot is a fold of durable events). The binding
    /// — the chain hash of the event at its position and a MAC over its kind, position, schema,
    /// that hash and its state's digest — is what lets a later load refuse a snapshot that was
    /// edited, or that is ahead of or detached from the log (issue 13, point 18).
    public func saveSnapshot(_ snapshot: Snapshot) async throws {
        let queue = try writeQueue()
        let key = try requireIntegrityKey()
        guard let eventHash = try readers.withConnection({ connection in try Self.hash(at: snapshot.position, connection) }) else {
            throw EventLogError.invalidRequest("snapshot position \(snapshot.position) is outside 0…\(head)")
        }
        let message = LogIntegrityKey.snapshotMessage(
            kind: snapshot.kind, position: snapshot.position, schema: snapshot.schema, eventHash: eventHash, state: snapshot.state)
        let promise = CompletionPromise<Void>()
        guard queue.enqueue(.saveSnapshot(snapshot, eventHash: eventHash, mac: key.code(message), promise)) else { throw EventLogError.closed }
        try await promise.value()
    }

    /// The newest snapshot of `kind` with `schema`, if it is bound to the chain.
    ///
    /// A snapshot is only a cache (architecture rule 1), and one the chain does not cover: a
    /// newest snapshot that is unbound, forged, ahead of the log or detached from it is refused
    /// — logged as a warning and counted in `callplane_snapshots_refused_total` — and `nil`
    /// makes the projection replay the log, which is always correct (issue 13, point 18). So is
    /// every snapshot of a log opened without an integrity key.
    public func latestSnapshot(kind: String, schema: Int) throws -> Snapshot? {
        let found = try readers.withConnection { connection -> (Snapshot, SnapshotCheck.Verdict)? in
            try connection.execute("BEGIN")
            defer { try? connection.execute("COMMIT") }
            let select = try connection.cached(
                """
                SELECT position, state, event_hash, mac FROM snapshots WHERE kind = ?1 AND schema = ?2
                ORDER BY position DESC LIMIT 1
                """)
            defer { select.reset() }
            try select.bind(1, kind)
            try select.bind(2, Int64(schema))
            guard try select.step() else { return nil }
            let snapshot = Snapshot(kind: kind, position: select.int64(0), schema: schema, state: select.blob(1))
            guard let key = integrityKey else { return (snapshot, .unbound) }
            let head = try connection.scalarInt("SELECT max(position) FROM events") ?? 0
            let verdict = try Self.snapshotVerdict(
                kind: kind, position: snapshot.position, schema: schema, state: snapshot.state,
                eventHash: select.isNull(2) ? nil : select.blob(2), mac: select.isNull(3) ? nil : select.blob(3),
                head: head, key: key, connection)
            return (snapshot, verdict)
        }
        guard let found else { return nil }
        let (snapshot, verdict) = found
        guard verdict == .bound else {
            let check = SnapshotCheck(kind: kind, position: snapshot.position, schema: schema, verdict: verdict, head: head)
            logger.warning(
                "refusing a snapshot that is not bound to the chain, replaying the log instead",
                metadata: [
                    "kind": "\(kind)", "position": "\(snapshot.position)", "verdict": "\(verdict.rawValue)",
                    "reason": "\(integrityKey == nil ? "the log was opened without an integrity key" : check.reason)",
                ])
            metrics.snapshotsRefused.increment()
            return nil
        }
        return snapshot
    }
}
