import Dispatch

extension EventLog {
    // MARK: Appending

    /// Queues `request` for the next group commit and returns at once; queue order is commit
    /// order, so a caller that decides under its own lock keeps its decisions in log order.
    public func submit(_ request: AppendRequest) -> AppendTicket {
        guard let queue else { return AppendTicket(failure: .readOnly) }
        let promise = CompletionPromise<AppendResult>()
        let operation = WriteOperation.append(request, promise, submittedAt: DispatchTime.now().uptimeNanoseconds)
        guard queue.enqueue(operation) else { return AppendTicket(failure: .closed) }
        return AppendTicket(promise: promise)
    }

    /// Appends and waits until the events are durable.
    public func append(_ request: AppendRequest) async throws -> AppendResult {
        try await submit(request).result()
    }
}
