import Domain

/// `PATCH /api/v1/accounts/{name}`: assigns another authorization profile.
public struct AccountUpdate: Codable, Sendable, Hashable {
    public var profile: String

    public init(profile: String) {
        self.profile = profile
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case profile }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        self.init(profile: try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .profile))
    }
}
