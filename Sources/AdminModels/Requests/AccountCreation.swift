import Domain

/// `POST /api/v1/accounts`: a user account (manual §5.3.1.1) with its authorization profile and
/// first password.
public struct AccountCreation: Codable, Sendable, Hashable {
    public var name: String
    public var profile: String
    public var password: String

    public init(name: String, profile: String, password: String) {
        self.name = name
        self.profile = profile
        self.password = password
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case name, profile, password }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name), profile: try container.decode(String.self, forKey: .profile),
            password: try container.decode(String.self, forKey: .password))
    }
}
