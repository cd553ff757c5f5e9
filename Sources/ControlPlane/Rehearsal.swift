import Domain

/// Commands decided one after another against a copy of the pipeline's decision state, with
/// nothing appended: the check an import runs over every row of an export file before the
/// first one is written, and the whole of its dry run (manual §5.6.5).
///
/// Each decided command's events are folded into the copy, so a later command sees the
/// earlier ones (row 5 may assign a terminal to the user row 2 creates), exactly as
/// ``CommandPipeline/execute(_:origin:expectedVersion:idempotencyKey:)`` would decide them in
/// that order. Secrets are sealed with the pipeline's sealing, so a password that equals the
/// stored one decides no change here either.
public struct Rehearsal: Sendable {
    /// The state with every command decided so far.
    public private(set) var state: SystemState
    private let sealing: any SecretSealing

    init(state: SystemState, sealing: any SecretSealing) {
        self.state = state
        self.sealing = sealing
    }

    /// Decides `command` against ``state``, hands `inspect` the state before the command with
    /// the events it decided (so a caller can tell what they change), then folds the events in.
    public mutating func decide<Result>(
        _ command: Command, _ inspect: (_ before: SystemState, _ events: [DomainEvent]) -> Result
    ) throws(DomainError) -> Result {
        let events = try state.decide(command, sealing: sealing)
        let result = inspect(state, events)
        for event in events { state.apply(event) }
        return result
    }
}

extension CommandPipeline {
    /// A rehearsal starting from the decision state now: every command submitted so far, durable
    /// or not, is in it. The copy is taken under the lock and decided outside it, so a long
    /// rehearsal holds up no write.
    public func rehearsal() throws -> Rehearsal {
        Rehearsal(state: try decisionState(), sealing: sealing)
    }
}
