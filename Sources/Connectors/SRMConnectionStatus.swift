/// What the agent's connection is doing now, for `GET /api/v1/srm` and the server's log.
public struct SRMConnectionStatus: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Hashable, Codable {
        /// The SRM settings are absent or switched off.
        case off
        /// Trying: the first attempt, or again after a failure.
        case connecting
        /// Welcomed by the SRM server.
        case connected
        /// The last attempt failed; the next one waits for its back-off.
        case failed
    }

    public var state: State
    /// When the state began, microseconds since the Unix epoch (the server's clock).
    public var since: Int64
    /// The SRM server's name from its welcome, while connected.
    public var serverName: String?
    /// The last failure's cause and reason, kept after a reconnection so an administrator can
    /// see what happened.
    public var lastFailureCause: SRMConnectionCause?
    public var lastFailure: String?

    public init(
        state: State, since: Int64, serverName: String? = nil, lastFailureCause: SRMConnectionCause? = nil, lastFailure: String? = nil
    ) {
        self.state = state
        self.since = since
        self.serverName = serverName
        self.lastFailureCause = lastFailureCause
        self.lastFailure = lastFailure
    }
}
