import Dispatch
import Synchronization

/// The hand-over between submitters (any thread or task) and the writer thread.
///
/// Submitters append under the Mutex, so the order of `submit` calls is the order of commits.
/// The writer takes the whole pending array in one step, opens its transaction, and takes what
/// arrives while it writes (``takeMore(into:idleBudgetNanoseconds:)``): everything taken before
/// the commit is one group commit. When the queue is empty it polls for a few microseconds and
/// then sleeps on a semaphore. `writerSleeping` makes sure exactly one signal answers each
/// sleep, so the semaphore never piles up permits.
final class WriteQueue: Sendable {
    private struct State {
        var pending: [WriteOperation] = []
        var accepting = true
        var writerSleeping = false
        /// While the writer sleeps: how many pending operations make it worth waking it.
        var wakeAt = 1
        /// Pending operations someone waits for: everything but appends nobody awaits.
        var awaitedCount = 0
        /// The writer lingers over unawaited appends only: an awaited operation wakes it.
        var lingersForUnawaited = false
    }

    /// How long the writer polls an empty queue before it sleeps. An appender that awaits each
    /// append submits its next one some 20–40 µs after its previous one became durable; catching
    /// it while polling saves the futex sleep and wake-up (≈ 10 µs here, more on a busy host)
    /// and finds the writer's caches still warm, which together were worth ≈ 10 % of a
    /// single-appender commit in measurements. An idle log pays this once per batch.
    static let pollNanoseconds: UInt64 = 50_000

    private let state: Mutex<State>
    private let wake = DispatchSemaphore(value: 0)
    /// `pending.count`, readable without the lock, for the writer's polling.
    private let pendingCount = Atomic<Int>(0)

    init() {
        var initial = State()
        initial.pending.reserveCapacity(256)
        state = Mutex(initial)
    }

    /// Queues `operation`; `false` once the log is closing (nothing was queued).
    func enqueue(_ operation: WriteOperation) -> Bool {
        let (accepted, mustWake) = state.withLock { state -> (Bool, Bool) in
            guard state.accepting else { return (false, false) }
            state.pending.append(operation)
            pendingCount.store(state.pending.count, ordering: .releasing)
            let awaited = operation.isAwaited
            if awaited { state.awaitedCount += 1 }
            guard state.writerSleeping, state.pending.count >= state.wakeAt || (awaited && state.lingersForUnawaited) else { return (true, false) }
            state.writerSleeping = false
            state.lingersForUnawaited = false
            return (true, true)
        }
        if mustWake { wake.signal() }
        return accepted
    }

    /// Operations queued and not yet taken by the writer. Zero right after an enqueue means the
    /// writer has the operation in its batch, so later submissions cannot join that batch (what
    /// the tests that hold the writer rely on, instead of guessing with a sleep).
    var waitingCount: Int { state.withLock { $0.pending.count } }

    /// Stops accepting; the writer still drains what was queued before.
    func shutDown() {
        let mustWake = state.withLock { state in
            state.accepting = false
            let sleeping = state.writerSleeping
            state.writerSleeping = false
            return sleeping
        }
        if mustWake { wake.signal() }
    }

    /// Writer thread only: moves everything waiting into `batch` (which must be empty), blocking
    /// while there is nothing. `false` when the queue is shut down and drained.
    ///
    /// It returns as soon as anything is waiting: the writer opens its transaction with the
    /// first arrival and takes the rest with ``takeMore(into:idleBudgetNanoseconds:)`` while it
    /// writes. The exception is appends nobody awaits (telephony facts): while only those are
    /// pending, it waits until the oldest of them is `unawaitedLingerNanoseconds` old, or until
    /// an awaited operation arrives. A call core at 1,000 calls/s submits 3,000 facts a second one
    /// by one, and committing each as soon as the writer was free made a flush — and a wake-up of
    /// every log follower — per few facts.
    func take(into batch: inout [WriteOperation], unawaitedLingerNanoseconds: UInt64 = 0) -> Bool {
        var polled = false
        while true {
            enum Outcome {
                case took, finished, sleep
                case poll(past: Int)
                case linger(DispatchTime)
            }
            let outcome: Outcome = state.withLock { state in
                if state.pending.isEmpty {
                    guard state.accepting else { return .finished }
                    if !polled { return .poll(past: 0) }
                    state.writerSleeping = true
                    state.wakeAt = 1
                    return .sleep
                }
                if state.awaitedCount == 0, state.accepting, unawaitedLingerNanoseconds > 0, let oldest = state.pending.first?.submittedAt {
                    let until = DispatchTime(uptimeNanoseconds: oldest &+ unawaitedLingerNanoseconds)
                    if DispatchTime.now() < until {
                        // A fact that came first must not cost the next command a wake-up of
                        // a sleeping writer when polling would have caught it.
                        if !polled { return .poll(past: state.pending.count) }
                        state.writerSleeping = true
                        state.wakeAt = .max
                        state.lingersForUnawaited = true
                        return .linger(until)
                    }
                }
                drain(&state, into: &batch)
                return .took
            }
            switch outcome {
            case .took:
                return true
            case .finished:
                return false
            case let .poll(past):
                polled = true
                pollForWork(past: past)
            case .sleep:
                wake.wait()
            case let .linger(until):
                sleep(until: until)
            }
        }
    }

    /// Writer thread only, inside its open transaction: moves what was queued since the last
    /// take onto the end of `batch`; `false` when nothing came within `budget`, which it spends
    /// on waiting (or when the queue is closing and drained).
    ///
    /// The appenders of the previous batch were all resumed at once and resubmit one after
    /// another over some 100 µs. Waiting for all of them before writing (as the writer did)
    /// left the disk idle for that time; taking only the first would split them over two
    /// flushes. Inserting each as it arrives does the writing while they come.
    func takeMore(into batch: inout [WriteOperation], idleBudgetNanoseconds budget: inout UInt64) -> Bool {
        while true {
            enum Outcome {
                case took, none
                case linger(DispatchTime)
            }
            let start = DispatchTime.now()
            let outcome: Outcome = state.withLock { state in
                if !state.pending.isEmpty {
                    drain(&state, into: &batch)
                    return .took
                }
                guard state.accepting, budget > 0 else { return .none }
                state.writerSleeping = true
                state.wakeAt = 1
                return .linger(start + .nanoseconds(Int(budget)))
            }
            switch outcome {
            case .took: return true
            case .none: return false
            case let .linger(until):
                sleep(until: until)
                let waited = DispatchTime.now().uptimeNanoseconds &- start.uptimeNanoseconds
                budget = waited >= budget ? 0 : budget - waited
            }
        }
    }

    /// Under the lock: moves everything pending onto the end of `batch` (by swapping the arrays
    /// when the batch is empty, so neither is copied) and resets the counts that describe it.
    private func drain(_ state: inout State, into batch: inout [WriteOperation]) {
        if batch.isEmpty {
            swap(&state.pending, &batch)
        } else {
            batch.append(contentsOf: state.pending)
            state.pending.removeAll(keepingCapacity: true)
        }
        pendingCount.store(0, ordering: .relaxed)
        state.awaitedCount = 0
    }

    /// Sleeps until a submitter wakes the writer (``enqueue(_:)``, as `writerSleeping` and
    /// `wakeAt` were set under the lock) or until `until`.
    private func sleep(until: DispatchTime) {
        guard wake.wait(timeout: until) == .timedOut else { return }
        // Either nobody will signal now (we clear the flag ourselves), or a submitter already
        // decided to: then take its permit so none is left over.
        let signalled = state.withLock { state in
            defer {
                state.writerSleeping = false
                state.lingersForUnawaited = false
            }
            return !state.writerSleeping
        }
        if signalled { wake.wait() }
    }

    /// Returns as soon as more than `count` operations are pending, or after ``pollNanoseconds``.
    private func pollForWork(past count: Int) {
        let end = DispatchTime.now().uptimeNanoseconds &+ Self.pollNanoseconds
        var probes = 0
        while pendingCount.load(ordering: .acquiring) == count {
            probes &+= 1
            if probes & 31 == 0, DispatchTime.now().uptimeNanoseconds >= end { return }
        }
    }
}
