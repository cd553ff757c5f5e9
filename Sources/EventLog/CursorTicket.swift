/// A queued cursor write: await ``saved()`` for the moment it is durable.
///
/// Queuing and waiting are separate so that a caller can order its cursor writes under its
/// own lock (queue order is commit order) and wait outside it.
public struct CursorTicket: Sendable {
    let promise: CompletionPromise<Void>

    init(promise: CompletionPromise<Void>) { self.promise = promise }

    init(failure: EventLogError) { promise = CompletionPromise(.failure(failure)) }

    /// Suspends until the cursor is durable (or the write was refused).
    public func saved() async throws { try await promise.value() }
}
