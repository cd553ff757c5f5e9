/// The events of the log from a position on, first from storage, then live.
///
/// Ends only when the task is cancelled or the log closes.
public struct EventSubscription: AsyncSequence, Sendable {
    public typealias Element = EventEnvelope

    public struct AsyncIterator: AsyncIteratorProtocol {
        public mutating func next() async throws -> EventEnvelope? { fatalError("unimplemented") }
    }

    public func makeAsyncIterator() -> AsyncIterator { fatalError("unimplemented") }
}
