/// The SRM connection now (docs/srm.md, "Status"), part of `GET /api/v1/srm`.
public struct SRMConnectionView: Codable, Sendable, Hashable, JSONWritable {
    /// `off`, `connecting`, `connected` or `failed`.
    public var state: String
    /// RFC 3339: when the state began.
    public var since: String
    /// The SRM server's name from its welcome, while connected.
    public var serverName: String?
    /// The cause (manual Tab. 24: 1 connection attempt failed, 2 authentication failed, 3 upload
    /// rejected) and reason of the last failure, kept after a reconnection.
    public var lastFailureCause: Int?
    public var lastFailure: String?

    public init(state: String, since: String, serverName: String?, lastFailureCause: Int?, lastFailure: String?) {
        self.state = state
        self.since = since
        self.serverName = serverName
        self.lastFailureCause = lastFailureCause
        self.lastFailure = lastFailure
    }

    public static let off = SRMConnectionView(state: "off", since: "1970-01-01T00:00:00Z", serverName: nil, lastFailureCause: nil, lastFailure: nil)

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("lastFailure", lastFailure)
        writer.member("lastFailureCause", lastFailureCause)
        writer.member("serverName", serverName)
        writer.member("since", since)
        writer.member("state", state)
        writer.endObject()
    }
}
