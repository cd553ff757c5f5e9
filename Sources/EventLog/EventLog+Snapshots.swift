extension EventLog {
    // MARK: Snapshots

    /// Durably stores a snapshot; older snapshots of the same kind are pruned (the newest 2 stay).
    ///
    /// "Newest" means highest position; saving again at the same position replaces that one.
    /// The position must be within `0…head` (a snapshot is a fold of durable events).
    public func saveSnapshot(_ snapshot: Snapshot) async throws {
        let queue = try writeQueue()
        let promise = CompletionPromise<Void>()
        guard queue.enqueue(.saveSnapshot(snapshot, promise)) else { throw EventLogError.closed }
        try await promise.value()
    }

    /// The newest snapshot of `kind` with `schema`, if any.
    public func latestSnapshot(kind: String, schema: Int) throws -> Snapshot? {
        try readers.withConnection { connection in
            let select = try connection.cached(
                """
                SELECT position, state FROM snapshots WHERE kind = ?1 AND schema = ?2
                ORDER BY position DESC LIMIT 1
                """)
            defer { select.reset() }
            try select.bind(1, kind)
            try select.bind(2, Int64(schema))
            guard try select.step() else { return nil }
            return Snapshot(kind: kind, position: select.int64(0), schema: schema, state: select.blob(1))
        }
    }
}
