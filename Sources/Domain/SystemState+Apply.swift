import EventLog

extension SystemState {
    /// Folds one event into the state. Total: never fails, never decides (DESIGN rule 2).
    public mutating func apply(_ event: DomainEvent) { fatalError("unimplemented") }

    /// Folds a stored row if it is a domain event; other types are skipped.
    public mutating func apply(_ row: borrowing RawEventRow) throws { fatalError("unimplemented") }
}
