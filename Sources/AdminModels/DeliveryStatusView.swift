/// How a signal destination's deliveries stand: what waits, how far it got, whether the
/// receiver answers, and when the next round of the manual's retry rule (§6.3.1) is due.
public struct DeliveryStatusView: Codable, Sendable, Hashable, JSONWritable {
    /// What delivers the messages: the plug-in's name (`syslog`, `webhook`, `snmp`), `event_log`
    /// (built in), or `none` when this build has no adapter for the kind.
    public var adapter: String
    public var hasAdapter: Bool
    /// Null where the destination has no outbox of its own.
    public var pending: Int?
    public var deliveredThrough: Int64
    public var reachable: Bool
    public var failingSince: String?
    public var lastError: String?
    public var lastSuccessAt: String?
    public var nextRoundAt: String?
    public var retryIntervalSeconds: Int
    public var attemptsPerRound: Int
    public var batched: Bool

    public init(
        adapter: String, hasAdapter: Bool, pending: Int?, deliveredThrough: Int64, reachable: Bool, failingSince: String?, lastError: String?,
        lastSuccessAt: String?, nextRoundAt: String?, retryIntervalSeconds: Int, attemptsPerRound: Int, batched: Bool
    ) {
        self.adapter = adapter
        self.hasAdapter = hasAdapter
        self.pending = pending
        self.deliveredThrough = deliveredThrough
        self.reachable = reachable
        self.failingSince = failingSince
        self.lastError = lastError
        self.lastSuccessAt = lastSuccessAt
        self.nextRoundAt = nextRoundAt
        self.retryIntervalSeconds = retryIntervalSeconds
        self.attemptsPerRound = attemptsPerRound
        self.batched = batched
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("adapter", adapter)
        writer.member("attemptsPerRound", attemptsPerRound)
        writer.member("batched", batched)
        writer.member("deliveredThrough", deliveredThrough)
        writer.member("failingSince", failingSince)
        writer.member("hasAdapter", hasAdapter)
        writer.member("lastError", lastError)
        writer.member("lastSuccessAt", lastSuccessAt)
        writer.member("nextRoundAt", nextRoundAt)
        writer.member("pending", pending)
        writer.member("reachable", reachable)
        writer.member("retryIntervalSeconds", retryIntervalSeconds)
        writer.endObject()
    }
}
