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
