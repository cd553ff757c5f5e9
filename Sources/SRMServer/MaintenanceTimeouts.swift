/// How long the SRM server waits for a system in a remote maintenance session, and how long an
/// unused session stays open (docs/srm.md, "Maintenance sessions and the relay").
///
/// Manual §5.4 advises against remote maintenance access left open ("the communication server
/// data cannot be manipulated from a remote location by unauthorized persons"): a session nobody
/// uses is ended rather than kept for the technician's convenience.
public struct MaintenanceTimeouts: Sendable, Hashable {
    /// For the system's `session_accepted` or `session_ended` after a `session_request`.
    public var answer: Duration
    /// For the system's `http_response` to one relayed request.
    public var response: Duration
    /// A session without a relayed request for this long is ended.
    public var idle: Duration
    /// How often the open sessions are checked for idleness and ended logins.
    public var sweep: Duration

    public init(answer: Duration = .seconds(10), response: Duration = .seconds(30), idle: Duration = .seconds(30 * 60), sweep: Duration = .seconds(15)) {
        self.answer = answer
        self.response = response
        self.idle = idle
        self.sweep = sweep
    }
}
