/// The result of walking the hash chain (``EventLog/verify()``).
public enum ChainVerification: Sendable, Hashable, CustomStringConvertible {
    /// Every event's hash matches; `events` rows checked, ending at `head`.
    case intact(events: Int64, head: Int64)
    /// The first position whose stored hash (or order) does not match what its content gives.
    case broken(position: Int64, reason: String)

    public var description: String {
        switch self {
        case let .intact(events, head): "chain intact: \(events) events, head position \(head)"
        case let .broken(position, reason): "chain broken at position \(position): \(reason)"
        }
    }
}
