import EventLog

/// The second way into the log: telephony facts, appended without the command pipeline.
///
/// The call core observes registrations and calls at hundreds per second; they are not
/// decisions against the configuration, so they must not wait for the pipeline's lock, nor
/// change the configuration's state hash, nor grow its per-stream versions. They share the
/// log's group commit (one writer, one flush for commands and facts alike) and are folded by
/// their own ``FactProjection``. Only the families given at creation may be written: a
/// configuration type would otherwise reach ``SystemState`` without being decided.
public struct FactAppender: Sendable {
    private let log: EventLog
    private let families: [FactFamily]

    public init(log: EventLog, families: [FactFamily]) {
        self.log = log
        self.families = families
    }

    /// Queues `facts` (atomically, in order) for the next group commit and returns at once;
    /// await the ticket for durability, or not, as signalling allows.
    public func submit(_ facts: [ProposedEvent]) throws(FactRefusal) -> AppendTicket {
        guard !facts.isEmpty else { throw .empty }
        for fact in facts where !families.contains(where: { $0.contains(type: fact.type, stream: fact.stream) }) {
            throw .notAFact(type: fact.type, stream: fact.stream)
        }
        // Signalling does not wait for the disk (docs/architecture.md): nobody awaits a fact
        // before the next, so the writer must not hold a commit open for it to come back.
        return log.submit(AppendRequest(events: facts, submitterWaits: false))
    }

    /// Appends and waits until the facts are durable.
    public func append(_ facts: [ProposedEvent]) async throws -> AppendResult {
        try await submit(facts).result()
    }
}
