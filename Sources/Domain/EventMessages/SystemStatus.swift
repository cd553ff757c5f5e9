/// The system status of manual §6.3.1.3 ("SRM destination"): *Critical* (red) if any active
/// message is critical, else *Serious* (yellow) if any is serious, else *Normal* (blue).
public enum SystemStatus: String, Sendable, Hashable, Codable {
    case normal
    case serious
    case critical

    public init<Messages: Sequence>(active: Messages) where Messages.Element == ActiveEventMessage {
        var highest = EventSeverity.normal
        for message in active where message.severity > highest {
            highest = message.severity
            if highest == .critical { break }
        }
        self =
            switch highest {
            case .normal: .normal
            case .serious: .serious
            case .critical: .critical
            }
    }

    /// The colour WebAdmin and the SRM agent show.
    public var colour: String {
        switch self {
        case .normal: "blue"
        case .serious: "yellow"
        case .critical: "red"
        }
    }
}
