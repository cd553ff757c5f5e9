import SRMWire

/// What the agent needs from the server for remote maintenance sessions (manual §5.4, issue 19
/// point 3): whether a session may open, the admin API to relay its requests to, and the end of
/// a session — when a one-off enabling is barred again. The server implements it; the agent only
/// carries frames.
public protocol SRMRemoteMaintenance: Sendable {
    /// `nil` to accept the session, else why not, for the technician ("remote maintenance is
    /// barred on the system").
    func refusal(of session: SRMMaintenanceSession) async -> String?
    /// The admin API's answer to one relayed request.
    func relay(_ request: SRMRelayedRequest, in session: SRMMaintenanceSession) async -> SRMRelayedResponse
    /// The session is over (ended by the technician, the SRM server or a lost connection).
    func ended(_ session: SRMMaintenanceSession) async
}
