import Dispatch
import Synchronization

/// The bounded hand-over between the read-ahead thread and the replaying thread: full chunks
/// one way, emptied chunks back, so a replay of a million events allocates a few chunks only.
final class ReadAheadQueue: Sendable {
    enum Item: Sendable {
        case chunk(ReadAheadChunk)
        /// The end, with the last position the reader saw (rows it folded itself included).
        case finished(last: Int64)
        case failed(any Error)
    }

    private struct State {
        var full: [Item] = []
        var empty: [ReadAheadChunk] = []
        var stopped = false
    }

    private let state: Mutex<State>
    private let fullCount = DispatchSemaphore(value: 0)
    private let emptyCount: DispatchSemaphore

    init(depth: Int) {
        state = Mutex(State(empty: (0..<depth).map { ReadAheadChunk(slot: $0) }))
        emptyCount = DispatchSemaphore(value: depth)
    }

    /// Reader: an empty chunk to fill, or nil once the consumer has stopped.
    func emptyChunk() -> ReadAheadChunk? {
        emptyCount.wait()
        return state.withLock { state in
            if state.stopped { return nil }
            let chunk = state.empty.removeLast()
            chunk.clear()
            return chunk
        }
    }

    /// Reader: an empty chunk if one is free now, without waiting (the read-ahead thread decodes
    /// for the consumer instead of waiting, ``EventLog/scanWithReadAhead(after:decode:_:)``).
    func emptyChunkNow() -> EmptyChunk {
        // The semaphore's own try (a zero time-out) costs a system call; the count of empty
        // chunks under the lock does not. Only the reader takes chunks, so one seen here is its
        // to take, and `emptyChunk()` waits at most for the consumer's signal that follows.
        let free = state.withLock { $0.stopped || !$0.empty.isEmpty }
        guard free else { return .noneFree }
        return emptyChunk().map { .chunk($0) } ?? .stopped
    }

    enum EmptyChunk {
        case chunk(ReadAheadChunk)
        case noneFree
        case stopped
    }

    /// Reader: hands over a full chunk or the end.
    func deliver(_ item: Item) {
        state.withLock { $0.full.append(item) }
        fullCount.signal()
    }

    /// Consumer: the next item in order.
    func next() -> Item {
        fullCount.wait()
        return state.withLock { $0.full.removeFirst() }
    }

    /// Consumer: gives an emptied chunk back.
    func recycle(_ chunk: ReadAheadChunk) {
        state.withLock { $0.empty.append(chunk) }
        emptyCount.signal()
    }

    /// Consumer: no more chunks wanted; wakes a reader waiting for an empty one.
    func stop() {
        state.withLock { $0.stopped = true }
        emptyCount.signal()
    }
}
