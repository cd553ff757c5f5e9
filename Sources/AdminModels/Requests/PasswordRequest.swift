import Domain

/// `PUT /api/v1/accounts/{name}/password`: one's own password with the current one, another
/// account's with the user access control right (manual §5.3.1.3).
public struct PasswordRequest: Codable, Sendable, Hashable {
    public var newPassword: String
    public var currentPassword: String?

    public init(newPassword: String, currentPassword: String? = nil) {
        self.newPassword = newPassword
        self.currentPassword = currentPassword
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case newPassword, currentPassword }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            newPassword: try container.decode(String.self, forKey: .newPassword),
            currentPassword: try container.decodeIfPresent(String.self, forKey: .currentPassword))
    }
}
