import Domain

/// `PATCH /api/v1/access-control/settings`: the idle timeout of manual §5.3.2; absent keeps it.
public struct AccessControlSettingsChange: Codable, Sendable, Hashable {
    public var idleTimeoutMinutes: Int?

    public init(idleTimeoutMinutes: Int? = nil) {
        self.idleTimeoutMinutes = idleTimeoutMinutes
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case idleTimeoutMinutes }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        self.init(idleTimeoutMinutes: try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Int.self, forKey: .idleTimeoutMinutes))
    }
}
