/// What became of an accepted command.
public struct CommandOutcome: Sendable, Hashable {
    /// The log position of the command's last event; for a command that changed nothing, the
    /// head when it was decided.
    public var position: Int64
    /// The stream's version after the command.
    public var version: Int64
    /// `true` when the idempotency key had been used: nothing was appended.
    public var isRetry: Bool
    /// `false` when the command decided no events (e.g. an update to identical values).
    public var changed: Bool

    public init(position: Int64, version: Int64, isRetry: Bool, changed: Bool) {
        self.position = position
        self.version = version
        self.isRetry = isRetry
        self.changed = changed
    }
}
