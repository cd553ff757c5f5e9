/// How an event type's severity is fixed. Most types have one severity; a few (memory usage,
/// TLS certificate expiry) are "Serious / Critical" in Tab. 24 and the source chooses per
/// occurrence.
public enum EventSeverityRule: Sendable, Hashable {
    case fixed(EventSeverity)
    /// The raiser must say *serious* or *critical*.
    case seriousOrCritical

    /// The severity an occurrence gets when the raiser asks for `requested` (or nothing).
    public func resolve(_ requested: EventSeverity?) -> EventSeverity? {
        switch self {
        case .fixed(let severity):
            return requested == nil || requested == severity ? severity : nil
        case .seriousOrCritical:
            guard let requested, requested != .normal else { return nil }
            return requested
        }
    }

    /// The highest severity an occurrence of the type can have; first-start event tables use it.
    public var highest: EventSeverity {
        switch self {
        case .fixed(let severity): severity
        case .seriousOrCritical: .critical
        }
    }
}
