import Domain

/// `PUT /api/v1/sip/dos-protection`: every setting, as a PUT replaces the whole; `decide`
/// checks each against its range (`dos_*` in ``CapacityLimit``).
public struct DoSProtectionChange: Codable, Sendable, Hashable {
    public var settings: DoSProtectionSettings

    public init(_ settings: DoSProtectionSettings) {
        self.settings = settings
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case failedRegistrations, transactions, requestsWithoutSession, modifiedMessages, windowSeconds, blockSeconds
    }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            DoSProtectionSettings(
                failedRegistrations: try container.decode(Int.self, forKey: .failedRegistrations),
                transactions: try container.decode(Int.self, forKey: .transactions),
                requestsWithoutSession: try container.decode(Int.self, forKey: .requestsWithoutSession),
                modifiedMessages: try container.decode(Int.self, forKey: .modifiedMessages),
                windowSeconds: try container.decode(Int.self, forKey: .windowSeconds),
                blockSeconds: try container.decode(Int.self, forKey: .blockSeconds)))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(settings.failedRegistrations, forKey: .failedRegistrations)
        try container.encode(settings.transactions, forKey: .transactions)
        try container.encode(settings.requestsWithoutSession, forKey: .requestsWithoutSession)
        try container.encode(settings.modifiedMessages, forKey: .modifiedMessages)
        try container.encode(settings.windowSeconds, forKey: .windowSeconds)
        try container.encode(settings.blockSeconds, forKey: .blockSeconds)
    }
}
