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
