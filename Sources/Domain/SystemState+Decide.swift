extension SystemState {
    /// Decides `command` against this state: the events that carry it out, or the rule it breaks.
    /// Pure and fast; appends nothing.
    public func decide(_ command: Command, sealing: any SecretSealing) throws(DomainError) -> [DomainEvent] {
        fatalError("unimplemented")
    }
}
