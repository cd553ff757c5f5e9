/// Events to append atomically, with the stream versions the appender expects.
///
/// Idempotency: if every event's id already exists in the log, the append is a retry and
/// returns the original positions without checking `expectations` (a retried append must not
/// fail because its own first attempt moved the version on). If only some ids exist the
/// request is refused with ``EventLogError/partialRetry(existing:)``.
public struct AppendRequest: Sendable {
    public var events: [ProposedEvent]
    /// Checked against each named stream's version before any of `events` is written.
    public var expectations: [String: ExpectedVersion]

    /// Whether the submitter waits for this append before it submits again, as a command does
    /// for its answer. The writer holds a commit open a moment for the submitters of its last
    /// batch to come back (see ``EventWriter``); an append nobody waits for — a telephony fact,
    /// appended alongside the signalling it records — must not make it wait for a return that
    /// will not come.
    public var submitterWaits: Bool

    public init(events: [ProposedEvent], expectations: [String: ExpectedVersion] = [:], submitterWaits: Bool = true) {
        self.events = events
        self.expectations = expectations
        self.submitterWaits = submitterWaits
    }
}

/// The outcome of a durable append.
public struct AppendResult: Sendable, Hashable {
    /// Positions of the request's events, in request order.
    public var positions: [Int64]
    /// Per-stream versions after the append, in request order of the events.
    public var versions: [Int64]
    /// `true` when every id already existed: nothing was written, `positions` are the originals.
    public var isRetry: Bool

    public init(positions: [Int64], versions: [Int64], isRetry: Bool) {
        self.positions = positions
        self.versions = versions
        self.isRetry = isRetry
    }

    public var lastPosition: Int64 { positions.last ?? 0 }
}
