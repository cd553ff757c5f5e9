/// One unit of work for the writer thread. Cursors and snapshots go through the same queue as
/// appends, so the log has a single writer and never meets `SQLITE_BUSY` from itself.
enum WriteOperation: Sendable {
    /// `submittedAt` is `DispatchTime` uptime in nanoseconds, for the submit→durable timer.
    case append(AppendRequest, CompletionPromise<AppendResult>, submittedAt: UInt64)
    case setCursor(reactor: String, position: Int64, CompletionPromise<Void>)
    /// `eventHash` and `mac` bind the snapshot to the chain (issue 13, point 18).
    case saveSnapshot(Snapshot, eventHash: [UInt8], mac: [UInt8], CompletionPromise<Void>)
    /// An authenticated point of the chain under a name, e.g. `verified` (issue 13, point 19).
    case saveMark(name: String, ChainWitness, CompletionPromise<Void>)
}

extension WriteOperation {
    /// Whether someone waits for this operation's outcome: all but an append its submitter does
    /// not await (``AppendRequest/submitterWaits``).
    var isAwaited: Bool {
        if case .append(let request, _, _) = self { return request.submitterWaits }
        return true
    }

    /// When an append was submitted (`DispatchTime` uptime, ns); `nil` for other operations.
    var submittedAt: UInt64? {
        if case .append(_, _, let submittedAt) = self { return submittedAt }
        return nil
    }
}
