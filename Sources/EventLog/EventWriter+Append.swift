import CSQLite
import Foundation

extension EventWriter {
    /// One request of the batch: idempotency, then expectations, then the inserts. A refusal
    /// returns before the first insert, so a refused request writes nothing and consumes no
    /// position; only storage errors throw (and fail the whole batch).
    func append(_ request: AppendRequest, _ statements: Statements, eventsWritten: inout Int) throws(EventLogError) -> Outcome {
        if let problem = Self.problem(with: request) { return .refused(.invalidRequest(problem)) }
        if request.events.count == 1 { return try appendOne(request, statements, eventsWritten: &eventsWritten) }
        let events = request.events

        // Idempotency first: a retry must not fail on the versions its own first attempt moved.
        var positions: [Int64] = []
        var versions: [Int64] = []
        positions.reserveCapacity(events.count)
        versions.reserveCapacity(events.count)
        var existing: [String] = []
        for event in events {
            if let found = try lookUp(event.id, statements) {
                positions.append(found.position)
                versions.append(found.version)
                existing.append(event.id.uuidString)
            }
        }
        if existing.count == events.count {
            return .appended(AppendResult(positions: positions, versions: versions, isRetry: true))
        }
        if !existing.isEmpty { return .refused(.partialRetry(existing: existing)) }

        // Expectations, against the committed versions plus this batch's earlier requests.
        for (stream, expected) in request.expectations {
            guard case let .exactly(expectedVersion) = expected else { continue }
            let actual = try version(of: stream, statements)
            if actual != expectedVersion {
                return .refused(.versionConflict(stream: stream, expected: expected, actual: actual))
            }
        }

        // `at` never decreases along the log: when the wall clock steps back (an NTP correction)
        // events keep the previous event's time until it catches up. Time-range reads rely on
        // it (see EventQuery), and durations between events are never negative.
        let at = max(clock.now(), batchAt)
        batchAt = at
        for event in events {
            let version = try version(of: event.stream, statements) + 1
            // Ids and versions were checked above: a refusal by an index now is a storage fault,
            // and failing the batch rolls back this request's earlier events with it.
            guard try insert(event, version: version, at: at, statements) else {
                throw .storage(code: SQLITE_CONSTRAINT, message: "event \(event.id) was refused by a unique index after its id and version were checked")
            }
            positions.append(batchHead)
            versions.append(version)
        }
        eventsWritten += events.count
        return .appended(AppendResult(positions: positions, versions: versions, isRetry: false))
    }

    /// A request of one event, the usual case (a command's single event, every telephony fact):
    /// inserted without looking anything up first. The unique indexes already answer both
    /// questions a lookup would ask — a retry's id is refused by `events_by_id`, a stale
    /// version by `events_by_stream` — and a refused INSERT changes nothing, so the lookups
    /// are paid only when the index says no. A stream the writer has not seen yet is taken to
    /// be new (version 0): versions have no gaps, so an existing stream always has a version 1
    /// and the guess cannot pass wrongly.
    private func appendOne(_ request: AppendRequest, _ statements: Statements, eventsWritten: inout Int) throws(EventLogError) -> Outcome {
        let event = request.events[0]
        var known = knownVersion(of: event.stream)
        for (stream, expected) in request.expectations {
            guard case let .exactly(expectedVersion) = expected else { continue }
            let actual = stream == event.stream ? (known ?? 0) : try version(of: stream, statements)
            if actual != expectedVersion {
                // Idempotency first: the mismatch may be this very event's first attempt.
                if let found = try lookUp(event.id, statements) {
                    return .appended(AppendResult(position: found.position, version: found.version, isRetry: true))
                }
                if stream == event.stream, known == nil {
                    known = try version(of: stream, statements)
                    if known == expectedVersion { continue }
                    return .refused(.versionConflict(stream: stream, expected: expected, actual: known ?? 0))
                }
                return .refused(.versionConflict(stream: stream, expected: expected, actual: actual))
            }
        }

        let at = max(clock.now(), batchAt)
        let guessed = (known ?? 0) + 1
        if try insert(event, version: guessed, at: at, statements) {
            eventsWritten += 1
            return .appended(AppendResult(position: batchHead, version: guessed, isRetry: false))
        }
        // The index said no: a retry, or a stream this writer had not seen.
        if let found = try lookUp(event.id, statements) {
            return .appended(AppendResult(position: found.position, version: found.version, isRetry: true))
        }
        let actual = try version(of: event.stream, statements)
        if case let .exactly(expectedVersion)? = request.expectations[event.stream], expectedVersion != actual {
            return .refused(.versionConflict(stream: event.stream, expected: .exactly(expectedVersion), actual: actual))
        }
        guard try insert(event, version: actual + 1, at: at, statements) else {
            throw .storage(code: SQLITE_CONSTRAINT, message: "event \(event.id) was refused by a unique index after its id and version were checked")
        }
        eventsWritten += 1
        return .appended(AppendResult(position: batchHead, version: actual + 1, isRetry: false))
    }

    /// Inserts `event` as the next position; `false` when a unique index refused it (nothing
    /// was written then, and the batch goes on).
    private func insert(_ event: ProposedEvent, version: Int64, at: Int64, _ statements: Statements) throws(EventLogError) -> Bool {
        let position = batchHead + 1
        let hash = chain.hash(
            previous: batchHash, position: position, id: event.id.uuid, stream: event.stream.utf8,
            version: version, type: event.type.utf8, schema: Int64(event.schema), at: at,
            actor: event.actor.utf8, source: event.source.utf8,
            correlation: event.correlation?.uuid, causation: event.causation?.uuid, payload: event.payload.utf8)
        let insert = statements.insertEvent
        defer { insert.reset() }
        try insert.bind(1, position)
        try insert.bind(2, event.id)
        try insert.bind(3, event.stream)
        try insert.bind(4, version)
        try insert.bind(5, event.type)
        try insert.bind(6, Int64(event.schema))
        try insert.bind(7, at)
        try insert.bind(8, event.actor)
        try insert.bind(9, event.source)
        try insert.bind(10, event.correlation)
        try insert.bind(11, event.causation)
        try insert.bind(12, event.payload)
        try insert.bind(13, hash)
        do {
            _ = try insert.step()
        } catch {
            if case let .storage(code, _) = error, code & 0xFF == SQLITE_CONSTRAINT { return false }
            throw error
        }
        batchAt = at
        batchHead = position
        batchHash = hash
        cacheVersion(version, of: event.stream)
        return true
    }

    /// The stream's version if this writer knows it without a read.
    private func knownVersion(of stream: String) -> Int64? {
        streamVersions[stream]
    }

    /// The cache holds this batch's versions as well as committed ones: a batch that fails
    /// empties it (``EventWriter/writeBatch``), and a miss only costs an index seek.
    private func cacheVersion(_ version: Int64, of stream: String) {
        if streamVersions.count >= Self.streamCacheLimit { streamVersions.removeAll(keepingCapacity: true) }
        streamVersions[stream] = version
    }

    /// What makes a request invalid, or `nil`.
    private static func problem(with request: AppendRequest) -> String? {
        let events = request.events
        guard !events.isEmpty else { return "an append needs at least one event" }
        for (index, event) in events.enumerated() {
            if event.stream.isEmpty { return "event \(index) has an empty stream" }
            if event.type.isEmpty { return "event \(index) has an empty type" }
            if event.payload.utf8.count > Int(Int32.max) { return "event \(index) has a payload over 2 GiB" }
            // Requests are small; a quadratic check avoids building a Set for each one.
            for other in events[..<index] where other.id == event.id {
                return "event id \(event.id) appears twice in one append"
            }
        }
        for (stream, expected) in request.expectations {
            if stream.isEmpty { return "an expectation names an empty stream" }
            if case let .exactly(version) = expected, version < 0 { return "expected version \(version) of \(stream) is negative" }
        }
        return nil
    }

    /// Where the event with `id` is, this batch's events included (the transaction sees its
    /// own rows).
    private func lookUp(_ id: UUID, _ statements: Statements) throws(EventLogError) -> (position: Int64, version: Int64)? {
        let select = statements.eventByID
        defer { select.reset() }
        try select.bind(1, id)
        guard try select.step() else { return nil }
        return (select.int64(0), select.int64(1))
    }

    /// The stream's version as this batch sees it so far.
    private func version(of stream: String, _ statements: Statements) throws(EventLogError) -> Int64 {
        if let cached = streamVersions[stream] { return cached }
        let select = statements.streamVersion
        defer { select.reset() }
        try select.bind(1, stream)
        let version = try select.step() ? select.int64(0) : 0
        cacheVersion(version, of: stream)
        return version
    }
}
