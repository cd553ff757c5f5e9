/// One row of an event table: how often a type must occur before the table lets it through
/// (manual §6.3.1.2, "No event", "Every event", "Custom").
public enum EventTableFilter: Sendable, Hashable {
    /// Never forwarded.
    case none
    /// Every occurrence is forwarded.
    case every
    /// Forwarded when the type has occurred `frequency` times within the last `periodHours`;
    /// counting then starts afresh (manual Tab. 26: 10 within 1 hour).
    case custom(frequency: Int, periodHours: Int)

    /// Checks the ranges of the limits table (frequency 2…20, period 1…672 h).
    public func validated() throws(DomainError) -> EventTableFilter {
        if case .custom(let frequency, let periodHours) = self {
            guard CapacityLimit.eventFilterFrequency.range.contains(frequency) else {
                throw .outOfRange(.eventFilterFrequency, field: "frequency", value: frequency)
            }
            guard CapacityLimit.eventFilterPeriodHours.range.contains(periodHours) else {
                throw .outOfRange(.eventFilterPeriodHours, field: "periodHours", value: periodHours)
            }
        }
        return self
    }

    /// `none`, `every` or `custom`, as the API and the payloads spell it.
    public var mode: String {
        switch self {
        case .none: "none"
        case .every: "every"
        case .custom: "custom"
        }
    }

    public init(mode: String, frequency: Int?, periodHours: Int?) throws(DomainError) {
        switch mode {
        case "none": self = .none
        case "every": self = .every
        case "custom":
            guard let frequency else { throw .invalid(field: "frequency", rule: "required when mode is custom (2…20)") }
            guard let periodHours else { throw .invalid(field: "periodHours", rule: "required when mode is custom (1…672)") }
            self = .custom(frequency: frequency, periodHours: periodHours)
        default:
            throw .invalid(field: "mode", rule: "must be none, every or custom")
        }
    }
}

extension EventTableFilter: Codable {
    private enum CodingKeys: String, CodingKey { case mode, frequency, periodHours }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self = try EventTableFilter(
            mode: try container.decode(String.self, forKey: .mode),
            frequency: try container.decodeIfPresent(Int.self, forKey: .frequency),
            periodHours: try container.decodeIfPresent(Int.self, forKey: .periodHours)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(mode, forKey: .mode)
        if case .custom(let frequency, let periodHours) = self {
            try container.encode(frequency, forKey: .frequency)
            try container.encode(periodHours, forKey: .periodHours)
        }
    }
}
