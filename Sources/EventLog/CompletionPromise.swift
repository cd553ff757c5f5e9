import Synchronization

/// A one-shot result that any number of tasks may await, before or after it is fulfilled.
///
/// The writer thread fulfils it (it cannot `await`); awaiting tasks park a continuation. The
/// state and the continuations live under one Mutex so a waiter that arrives while the
/// writer completes either sees the result or is resumed by the writer — never neither.
final class CompletionPromise<Value: Sendable>: Sendable {
    fileprivate typealias Waiter = UnsafeContinuation<Value, any Error>

    private enum State {
        /// `first` avoids allocating an array in the usual case of a single waiter.
        case pending(first: Waiter?, more: [Waiter])
        case done(Result<Value, EventLogError>)
    }

    private let state: Mutex<State>

    init() { state = Mutex(.pending(first: nil, more: [])) }

    init(_ result: Result<Value, EventLogError>) { state = Mutex(.done(result)) }

    /// Fulfils the promise; later calls are ignored (the first result is the truth).
    ///
    /// Each parked continuation is taken out of the state under the lock and resumed exactly
    /// once outside it, which is the whole contract an unchecked continuation asks for.
    func complete(_ result: Result<Value, EventLogError>) {
        fulfil(result).resume()
    }

    /// Fulfils the promise like ``complete(_:)`` but leaves resuming its waiters to the caller:
    /// the returned value resumes them, once, on whichever thread calls ``Waiters/resume()``.
    /// A waiter that arrives after this sees the result at once.
    func fulfil(_ result: Result<Value, EventLogError>) -> Waiters {
        var first: Waiter?
        var more: [Waiter] = []
        state.withLock { state in
            guard case let .pending(waiter, others) = state else { return }
            first = waiter
            more = others
            state = .done(result)
        }
        return Waiters(first: first, more: more, outcome: result.mapError { $0 as any Error })
    }

    /// The waiters a ``fulfil(_:)`` took out of the promise, with what they are to receive.
    struct Waiters: Sendable {
        fileprivate let first: Waiter?
        fileprivate let more: [Waiter]
        fileprivate let outcome: Result<Value, any Error>

        var isEmpty: Bool { first == nil }

        /// Call exactly once: the continuations were taken out of the promise under its lock,
        /// so this value is their only holder, and resuming one twice is undefined behaviour.
        func resume() {
            first?.resume(with: outcome)
            for waiter in more { waiter.resume(with: outcome) }
        }
    }

    /// Waits for the result. Not cancellable on purpose: the operation is already queued and
    /// will be committed (or refused) regardless, and its outcome is what the caller must learn.
    func value() async throws -> Value {
        try await withUnsafeThrowingContinuation { (continuation: Waiter) in
            var ready: Result<Value, EventLogError>?
            state.withLock { state in
                switch state {
                case let .done(result):
                    ready = result
                case .pending(nil, let more):
                    state = .pending(first: continuation, more: more)
                case let .pending(first, more):
                    state = .pending(first: first, more: more + [continuation])
                }
            }
            if let ready { continuation.resume(with: ready.mapError { $0 as any Error }) }
        }
    }
}
