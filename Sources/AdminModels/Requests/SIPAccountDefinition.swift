import Domain

/// `PUT /api/v1/trunks/accounts/{account}`: the whole account; the number is the path's.
/// `password` absent keeps the stored one (a new account needs it); `ddis` absent means none,
/// `channels` absent 2.
public struct SIPAccountDefinition: Codable, Sendable, Hashable {
    public var provider: Int
    public var user: String
    public var authName: String?
    public var password: String?
    public var ddis: [String]?
    public var channels: Int?

    public init(provider: Int, user: String, authName: String? = nil, password: String? = nil, ddis: [String]? = nil, channels: Int? = nil) {
        self.provider = provider
        self.user = user
        self.authName = authName
        self.password = password
        self.ddis = ddis
        self.channels = channels
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case provider, user, authName, password, ddis, channels }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            provider: try container.decode(Int.self, forKey: .provider), user: try container.decode(String.self, forKey: .user),
            authName: try container.decodeIfPresent(String.self, forKey: .authName), password: try container.decodeIfPresent(String.self, forKey: .password),
            ddis: try container.decodeIfPresent([String].self, forKey: .ddis), channels: try container.decodeIfPresent(Int.self, forKey: .channels))
    }

    public func draft(number: Int) -> SIPAccountDraft {
        SIPAccountDraft(number: number, provider: provider, user: user, authName: authName, password: password, ddis: ddis ?? [], channels: channels ?? 2)
    }
}
