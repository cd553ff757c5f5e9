import Domain

/// Folds a restore's events into the state on a thread of its own while the caller walks the
/// chain and hands over the next ones: replaying is half of a restore's work, and the machine
/// has a second core (issue 18's restore figure). At most four batches wait.
final class ReplayPipeline: Sendable {
    /// The state the thread folds into.
    private final class Folded: @unchecked Sendable {
        // @unchecked: `state` is written only by the worker thread's `handle`, and read by
        // `finish()` only after `BoundedWorkerThread.finish()` returned, which is ordered after
        // the thread's last `handle` by the worker's lock.
        var state = SystemState()
    }

    private let folded: Folded
    private let worker: BoundedWorkerThread<ReplayBatch>

    init() {
        let folded = Folded()
        self.folded = folded
        worker = BoundedWorkerThread(name: "callplane.restore.replay", capacity: 4) { batch in try batch.apply(to: &folded.state) }
    }

    /// Queues `batch`; blocks while the queue is full. Throws the replay's failure, if any.
    func submit(_ batch: ReplayBatch) throws { try worker.submit(batch) }

    /// Waits for every queued batch to be folded; the state, or the replay's failure.
    func finish() throws -> SystemState {
        try worker.finish()
        return folded.state
    }

    /// Ends the thread without waiting for the queued batches (the walk failed).
    func abandon() { worker.abandon() }
}
