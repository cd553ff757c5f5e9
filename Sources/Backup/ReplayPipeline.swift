import Domain
import Foundation

/// Folds a restore's events into the state on a thread of its own while the caller decrypts,
/// chain-checks and imports the next ones: replaying is a third of a restore's work, and the
/// machine has a second core (issue 18's restore figure). At most `capacity` batches wait, so
/// memory stays flat whatever the log's length.
final class ReplayPipeline: @unchecked Sendable {
    // @unchecked: `waiting`, `closed`, `finished` and `failure` are read and written only while
    // `condition` is locked; `state` only by the replay thread until it sets `finished` under the
    // lock, and by `finish()` only after it saw `finished` under the same lock, which orders the
    // two threads' accesses.
    private let condition = NSCondition()
    private var waiting: [ReplayBatch] = []
    private var closed = false
    private var finished = false
    private var failure: (any Error)?
    private var state = SystemState()
    private let capacity = 4

    init() {
        let thread = Thread { [self] in run() }
        thread.name = "callplane.restore.replay"
        thread.start()
    }

    /// Queues `batch`; blocks while the queue is full. Throws the replay's failure, if any.
    func submit(_ batch: ReplayBatch) throws {
        condition.lock()
        defer { condition.unlock() }
        while waiting.count >= capacity, failure == nil { condition.wait() }
        if let failure { throw failure }
        waiting.append(batch)
        condition.broadcast()
    }

    /// Waits for every queued batch to be folded; the state, or the replay's failure.
    func finish() throws -> SystemState {
        condition.lock()
        closed = true
        condition.broadcast()
        while !finished { condition.wait() }
        let failure = self.failure
        condition.unlock()
        if let failure { throw failure }
        return state
    }

    /// Ends the thread without waiting for the queued batches (the import failed).
    func abandon() {
        condition.lock()
        closed = true
        waiting.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while waiting.isEmpty, !closed { condition.wait() }
            guard !waiting.isEmpty, failure == nil else {
                finished = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let batch = waiting.removeFirst()
            condition.broadcast()
            condition.unlock()
            do {
                try batch.apply(to: &state)
            } catch {
                condition.lock()
                failure = error
                waiting.removeAll()
                condition.broadcast()
                condition.unlock()
            }
        }
    }
}
