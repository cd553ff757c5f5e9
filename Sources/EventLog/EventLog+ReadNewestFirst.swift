extension EventLog {
    /// Events of exactly `type` before position `before` (all when `nil`), with `since ≤ at <
    /// until` where given, newest first, at most `limit`: a history read backwards from now, as
    /// the call history pages (`GET /api/v1/calls/history`).
    ///
    /// The time bounds become position bounds first — `at` never decreases along the log, so
    /// "the first event at or after t" is one seek in `(at, rowid)` — and the page is then one
    /// walk of `(type, rowid)` downwards from the upper bound: about `limit` index steps however
    /// old the page, and no sort.
    public func readNewestFirst(type: String, before: Int64? = nil, since: Int64? = nil, until: Int64? = nil, limit: Int) throws
        -> [EventEnvelope]
    {
        guard limit > 0 else { return [] }
        return try readers.withConnection { connection in
            // One snapshot for the bounds and the page.
            try connection.execute("BEGIN")
            defer { try? connection.execute("COMMIT") }
            let firstAtOrAfter = try connection.cached("SELECT position FROM events WHERE at >= ?1 ORDER BY at, position LIMIT 1")
            func position(atOrAfter time: Int64) throws -> Int64? {
                defer { firstAtOrAfter.reset() }
                try firstAtOrAfter.bind(1, time)
                return try firstAtOrAfter.step() ? firstAtOrAfter.int64(0) : nil
            }
            var upper = before ?? Int64.max
            if let until, let bound = try position(atOrAfter: until) { upper = min(upper, bound) }
            var lower: Int64 = 0
            if let since {
                guard let bound = try position(atOrAfter: since) else { return [] }
                lower = bound
            }
            guard upper > lower else { return [] }
            let select = try connection.cached(
                "SELECT \(EventQuery.columns) FROM events WHERE type = ?1 AND position < ?2 AND position >= ?3 ORDER BY position DESC LIMIT ?4")
            defer { select.reset() }
            try select.bind(1, type)
            try select.bind(2, upper)
            try select.bind(3, lower)
            try select.bind(4, Int64(clamping: limit))
            var events: [EventEnvelope] = []
            events.reserveCapacity(Swift.min(limit, 1024))
            while try select.step() { events.append(select.envelope()) }
            return events
        }
    }
}
