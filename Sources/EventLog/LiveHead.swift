import Synchronization

/// The durable head, and the subscriptions waiting for it to move, under one lock.
///
/// A subscription that has read everything up to the head registers its wait under the same
/// lock the writer holds when it publishes a new head. So either the subscription sees the new
/// head when it checks (and reads again), or it is registered before the publication and gets
/// woken by it: no wake-up can fall between the check and the wait.
final class LiveHead: Sendable {
    private struct State {
        var head: Int64
        var closed = false
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var subscribers = 0
        var commits = 0
    }

    private let state: Mutex<State>
    private let nextWaiterID = Atomic<Int>(0)

    init(head: Int64) { state = Mutex(State(head: head)) }

    var head: Int64 { state.withLock { $0.head } }

    var isClosed: Bool { state.withLock { $0.closed } }

    /// Transactions committed by the writer since open (tests use it to see group commit).
    var commits: Int { state.withLock { $0.commits } }

    var subscribers: Int { state.withLock { $0.subscribers } }

    /// Called by the writer after a commit is durable, before any appender learns its result,
    /// so an appender that got position p always sees `head >= p`.
    func publish(head: Int64, commit: Bool = true) {
        let waiters: [Int: CheckedContinuation<Void, Never>] = state.withLock { state in
            if commit { state.commits += 1 }
            guard head != state.head else { return [:] }
            state.head = head
            guard !state.waiters.isEmpty else { return [:] }
            let waiters = state.waiters
            state.waiters.removeAll(keepingCapacity: true)
            return waiters
        }
        for waiter in waiters.values { waiter.resume() }
    }

    /// Ends every wait for good: subscriptions then finish.
    func close() {
        let waiters = state.withLock { state in
            state.closed = true
            let waiters = state.waiters
            state.waiters = [:]
            return waiters
        }
        for waiter in waiters.values { waiter.resume() }
    }

    /// Suspends until the head is beyond `position`, the log closes or the task is cancelled;
    /// the caller re-checks which of the three happened.
    func wait(beyond position: Int64) async {
        let id = nextWaiterID.wrappingAdd(1, ordering: .relaxed).oldValue
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state in
                    // Cancellation is checked under the lock: if the handler below already ran it
                    // found nothing to resume, but the flag it follows is set by then.
                    if state.closed || state.head > position || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume()
        }
    }

    /// Counts live iterators; returns the new count for the gauge.
    func addSubscriber(_ delta: Int) -> Int {
        state.withLock { state in
            state.subscribers += delta
            return state.subscribers
        }
    }
}
