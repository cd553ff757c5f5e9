/// The SNMP agent's access as the administrator sets it (the whole of it at once), secrets in
/// plaintext; `decide` checks and seals it into ``SNMPAgentSettings``.
public struct SNMPAgentDraft: Sendable, Hashable {
    public var communities: [String]
    public var users: [SNMPUserDraft]
    public var allowedNetworks: [String]

    public init(communities: [String], users: [SNMPUserDraft], allowedNetworks: [String]) {
        self.communities = communities
        self.users = users
        self.allowedNetworks = allowedNetworks
    }
}

/// The body of `PUT /api/v1/snmp/agent`: all three members are required, as a PUT replaces the
/// whole.
extension SNMPAgentDraft: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case communities, users, allowedNetworks
    }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            communities: try container.decode([String].self, forKey: .communities), users: try container.decode([SNMPUserDraft].self, forKey: .users),
            allowedNetworks: try container.decode([String].self, forKey: .allowedNetworks))
    }
}
