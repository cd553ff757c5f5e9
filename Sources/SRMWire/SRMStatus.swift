/// A system's status as the SRM server shows it (manual §6.3.1.3, "SRM destination"): the
/// highest severity among its active serious and critical event messages. The wire carries the
/// name; the colour is the manual's, so the SRM server and WebAdmin agree.
public enum SRMStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case normal
    case serious
    case critical

    /// Blue, yellow, red (§6.3.1.3).
    public var colour: String {
        switch self {
        case .normal: "blue"
        case .serious: "yellow"
        case .critical: "red"
        }
    }
}
