/// The system's status at one moment and the active messages behind it. The agent sends one
/// right after the server welcomes it, one with every uploaded event message, and one whenever
/// the status changes for another reason — an administrator confirming a message in WebAdmin
/// clears it without any message being sent (§6.3.1.3). A report replaces the previous one
/// whole, so a lost report is repaired by the next.
///
/// `status` is nil while the SRM destination is switched off on the system: the connection
/// stays up for remote maintenance, but the system does not report its status.
public struct SRMStatusReport: Sendable, Hashable, Codable {
    public var status: SRMStatus?
    public var active: [SRMActiveMessage]

    public init(status: SRMStatus?, active: [SRMActiveMessage]) {
        self.status = status
        self.active = active
    }

    public static let notReported = SRMStatusReport(status: nil, active: [])
}
