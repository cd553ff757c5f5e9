/// One unit of work for the writer thread. Cursors and snapshots go through the same queue as
/// appends, so the log has a single writer and never meets `SQLITE_BUSY` from itself.
enum WriteOperation: Sendable {
    /// `submittedAt` is `DispatchTime` uptime in nanoseconds, for the submit→durable timer.
    case append(AppendRequest, CompletionPromise<AppendResult>, submittedAt: UInt64)
    case setCursor(reactor: String, position: Int64, CompletionPromise<Void>)
    case saveSnapshot(Snapshot, CompletionPromise<Void>)
}
