/// A remote maintenance session a technician on the SRM server asked for on one system (manual
/// §5.4, issue 19 point 3): who asked and from where, so the system can record it and name it
/// as the source of everything done through it.
public struct SRMMaintenanceSession: Sendable, Hashable, Codable {
    /// Chosen by the SRM server, unique among its sessions: 32 hex digits.
    public var session: String
    /// The technician's name on the SRM server.
    public var technician: String
    /// The technician's address as the SRM server saw it.
    public var address: String

    public init(session: String, technician: String, address: String) {
        self.session = session
        self.technician = technician
        self.address = address
    }
}
