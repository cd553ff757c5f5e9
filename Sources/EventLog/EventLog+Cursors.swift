extension EventLog {
    // MARK: Reactor cursors (architecture rule 3)

    /// The cursor a restore leaves (issue 18, point 5): the restored head, where a reactor with
    /// no cursor of its own starts — one the backed-up system did not have yet, or every reactor
    /// of a data directory restored from scratch — so nothing before the restore is re-sent.
    public static let restoreFloorCursor = "(restored)"

    /// The last position `reactor` has handled: its own cursor, else the restore floor, else 0
    /// (it never ran).
    public func cursor(of reactor: String) throws -> Int64 {
        try readers.withConnection { connection in
            let select = try connection.cached("SELECT position FROM cursors WHERE reactor = ?1")
            defer { select.reset() }
            for name in [reactor, Self.restoreFloorCursor] {
                try select.bind(1, name)
                if try select.step() { return select.int64(0) }
                select.reset()
            }
            return 0
        }
    }

    /// Every reactor's cursor.
    public func cursors() throws -> [String: Int64] {
        try readers.withConnection { connection in
            let select = try connection.cached("SELECT reactor, position FROM cursors")
            defer { select.reset() }
            var cursors: [String: Int64] = [:]
            while try select.step() { cursors[select.string(0)] = select.int64(1) }
            return cursors
        }
    }

    /// Durably records that `reactor` has handled everything up to `position`.
    ///
    /// Goes through the writer thread like an append (one writer, no `SQLITE_BUSY`) and shares
    /// its group commit. `position` must be within `0…head`.
    public func setCursor(of reactor: String, to position: Int64) async throws {
        try await submitCursor(of: reactor, to: position).saved()
    }

    /// Queues the cursor write and returns at once; queue order is commit order, so writes
    /// queued one after another under a caller's lock land in that order.
    public func submitCursor(of reactor: String, to position: Int64) -> CursorTicket {
        guard let queue else { return CursorTicket(failure: .readOnly) }
        let promise = CompletionPromise<Void>()
        guard queue.enqueue(.setCursor(reactor: reactor, position: position, promise)) else { return CursorTicket(failure: .closed) }
        return CursorTicket(promise: promise)
    }
}
