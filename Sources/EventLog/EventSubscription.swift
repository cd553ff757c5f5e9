/// The events of the log from a position on, first from storage, then live.
///
/// Ends only when the task is cancelled or the log closes.
public struct EventSubscription: AsyncSequence, Sendable {
    public typealias Element = EventEnvelope

    let log: EventLog
    let after: Int64
    let filter: EventFilter

    init(log: EventLog, after: Int64, filter: EventFilter) {
        self.log = log
        self.after = after
        self.filter = filter
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let cursor: SubscriptionCursor

        public mutating func next() async throws -> EventEnvelope? { try await cursor.next() }
    }

    /// Each iterator is one live subscriber (``EventLog/subscriberCount``) from here until it
    /// ends or is dropped.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(cursor: SubscriptionCursor(log: log, after: after, filter: filter))
    }
}
