import Domain

/// `PUT /api/v1/emergency-numbers`: replaces the emergency settings as a whole. `numbers`
/// absent or `null` follows the country's defaults; `internalDestination` absent or `null`
/// means none.
public struct EmergencyNumbersChange: Codable, Sendable, Hashable {
    public var numbers: [String]?
    public var internalDestination: String?

    public init(numbers: [String]?, internalDestination: String?) {
        self.numbers = numbers
        self.internalDestination = internalDestination
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case numbers, internalDestination }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            numbers: try container.decodeIfPresent([String].self, forKey: .numbers),
            internalDestination: try container.decodeIfPresent(String.self, forKey: .internalDestination))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(numbers, forKey: .numbers)
        try container.encode(internalDestination, forKey: .internalDestination)
    }

    public var settings: EmergencySettings {
        EmergencySettings(numbers: numbers, internalDestination: internalDestination)
    }
}
