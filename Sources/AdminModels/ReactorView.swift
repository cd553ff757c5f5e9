/// One reactor or projection that follows the log (`GET /api/v1/reactors`): its place and how
/// far it is behind the head.
public struct ReactorView: Codable, Sendable, Hashable, JSONWritable {
    public var name: String
    /// `reactor` or `projection`.
    public var kind: String
    public var position: Int64
    public var lag: Int64
    /// `running` or `stopped`.
    public var state: String
    /// Why a stopped reactor stopped.
    public var reason: String?

    public init(name: String, kind: String, position: Int64, lag: Int64, state: String, reason: String?) {
        self.name = name
        self.kind = kind
        self.position = position
        self.lag = lag
        self.state = state
        self.reason = reason
    }

    /// `reason` is left out while the reactor runs, as the API has always answered.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("kind")
        writer.string(kind)
        writer.key("lag")
        writer.integer(lag)
        writer.key("name")
        writer.string(name)
        writer.key("position")
        writer.integer(position)
        if let reason {
            writer.key("reason")
            writer.string(reason)
        }
        writer.key("state")
        writer.string(state)
        writer.endObject()
    }
}
