/// How a destination's outbox is doing, for the API, the CLI and operators: what is waiting,
/// what was delivered, and where it is in the retry schedule.
public struct DestinationDeliveryStatus: Sendable, Hashable {
    public var destination: String
    /// Whether this build has an adapter for the destination's kind; without one its messages
    /// stay queued in the log until the adapter lands.
    public var hasAdapter: Bool
    /// Messages read from the log and not yet delivered; `nil` for a destination without an
    /// adapter, whose outbox does not run yet.
    public var pending: Int?
    /// The position of the last delivered message (the outbox's cursor).
    public var deliveredThrough: Int64
    public var reachable: Bool
    public var failingSince: Int64?
    public var lastError: String?
    public var lastSuccessAt: Int64?
    public var nextRoundAt: Int64?
    /// Seconds between rounds while failing (and the batching period when batched).
    public var retryIntervalSeconds: Int
    public var attemptsPerRound: Int
    public var batched: Bool
}
