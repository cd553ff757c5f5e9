/// The three severity levels of an event message (manual §6.3.1.1): *Normal* (blue), *Serious*
/// (yellow) and *Critical* (red). The order matters: the system status is the highest severity
/// among the active messages.
public enum EventSeverity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case normal
    case serious
    case critical

    private var rank: Int {
        switch self {
        case .normal: 0
        case .serious: 1
        case .critical: 2
        }
    }

    public static func < (lhs: EventSeverity, rhs: EventSeverity) -> Bool { lhs.rank < rhs.rank }
}
