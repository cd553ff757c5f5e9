/// Where the read-ahead thread gets its next empty chunk, and what it does while none is free.
protocol ReadAheadChunkSource: Sendable {
    /// An empty chunk to fill, or nil once the consumer has stopped.
    mutating func nextEmptyChunk(_ queue: ReadAheadQueue) -> ReadAheadChunk?
    /// True when the reader folds `row` itself (its own lane), so it is not copied for the
    /// consumer.
    mutating func takes(_ row: borrowing RawEventRow) throws -> Bool
    /// The reader handed `chunk` over to the consumer.
    mutating func delivered(_ chunk: ReadAheadChunk)
    /// The reader has handed over the end; the consumer is still finishing the last chunks.
    mutating func finished(_ queue: ReadAheadQueue)
}

/// Waits for the consumer to give a chunk back (``EventLog/scanWithReadAhead(after:_:)``).
struct WaitingChunkSource: ReadAheadChunkSource {
    func nextEmptyChunk(_ queue: ReadAheadQueue) -> ReadAheadChunk? { queue.emptyChunk() }
    func takes(_ row: borrowing RawEventRow) -> Bool { false }
    func delivered(_ chunk: ReadAheadChunk) {}
    func finished(_ queue: ReadAheadQueue) {}
}
