/// Who may read the SNMP agent: v2c communities, v3 users and the source networks it answers.
///
/// The manual leaves the agent's access to the NMS vendor's documentation (§6.3.1.3); we keep
/// it in the log like every other setting, secrets sealed. A first start has no community and
/// no user, so the agent answers nobody until an administrator grants access: an SNMP agent
/// that answers `public` out of the box is the classic hole.
public struct SNMPAgentSettings: Sendable, Hashable, Codable {
    /// Read-only v2c community strings, sealed (a community is itself the secret).
    public var communities: [SealedSecret]
    public var users: [SNMPUser]
    /// CIDR networks, e.g. `127.0.0.0/8`; a request from elsewhere gets no answer.
    public var allowedNetworks: [String]

    public init(communities: [SealedSecret] = [], users: [SNMPUser] = [], allowedNetworks: [String] = Self.loopback) {
        self.communities = communities
        self.users = users
        self.allowedNetworks = allowedNetworks
    }

    public static let loopback = ["127.0.0.0/8", "::1/128"]
}
