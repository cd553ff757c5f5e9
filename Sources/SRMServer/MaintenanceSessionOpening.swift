/// How a technician's request for a remote maintenance session ended (docs/srm.md,
/// "Maintenance sessions and the relay").
enum MaintenanceSessionOpening: Sendable {
    /// The system accepted: remote maintenance is enabled on it (manual §5.4).
    case accepted(MaintenanceSession)
    /// The system refused, with its reason for the technician ("remote maintenance is barred").
    case refused(String)
    /// The system is not connected, its connection ended, or it did not answer in time.
    case unavailable(String)
}
