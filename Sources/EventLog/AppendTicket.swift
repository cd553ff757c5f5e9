/// A queued append: await ``result()`` for the moment its events are durable.
public struct AppendTicket: Sendable {
    let promise: CompletionPromise<AppendResult>

    init(promise: CompletionPromise<AppendResult>) { self.promise = promise }

    /// A ticket whose outcome is known at submission (a closed or read-only log).
    init(failure: EventLogError) { promise = CompletionPromise(.failure(failure)) }

    /// Suspends until the append is durable (or refused); may be called before or after that
    /// happens, and more than once. Cancelling the waiting task does not withdraw the append.
    public func result() async throws -> AppendResult { try await promise.value() }
}
