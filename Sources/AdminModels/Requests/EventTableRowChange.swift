import Domain

/// One row of an event-table change: `none`, `every`, or `custom` with a frequency (2…20) and
/// a period (1…672 h), manual §6.3.1.2.
public struct EventTableRowChange: Codable, Sendable, Hashable {
    public var mode: String
    public var frequency: Int?
    public var periodHours: Int?

    public init(mode: String, frequency: Int? = nil, periodHours: Int? = nil) {
        self.mode = mode
        self.frequency = frequency
        self.periodHours = periodHours
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case mode, frequency, periodHours }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            mode: try container.decode(String.self, forKey: .mode), frequency: try container.decodeIfPresent(Int.self, forKey: .frequency),
            periodHours: try container.decodeIfPresent(Int.self, forKey: .periodHours))
    }
}
