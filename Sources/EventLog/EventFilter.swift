/// Which events a filtered read or subscription returns. Every set field must match.
public struct EventFilter: Sendable, Hashable {
    /// Exact stream, e.g. `user/101`.
    public var stream: String?
    /// Prefix of the type, e.g. `user.` or `user.created`.
    public var typePrefix: String?
    /// Exact actor.
    public var actor: String?
    /// Inclusive lower bound of `at` (microseconds since epoch).
    public var since: Int64?
    /// Exclusive upper bound of `at`.
    public var until: Int64?

    public init(stream: String? = nil, typePrefix: String? = nil, actor: String? = nil, since: Int64? = nil, until: Int64? = nil) {
        self.stream = stream
        self.typePrefix = typePrefix
        self.actor = actor
        self.since = since
        self.until = until
    }

    public static let all = EventFilter()

    public var isEmpty: Bool { self == .all }

    public func matches(_ event: EventEnvelope) -> Bool {
        if let stream, event.stream != stream { return false }
        if let typePrefix, !event.type.hasPrefix(typePrefix) { return false }
        if let actor, event.actor != actor { return false }
        if let since, event.at < since { return false }
        if let until, event.at >= until { return false }
        return true
    }
}
