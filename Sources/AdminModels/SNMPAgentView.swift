/// Who may read the SNMP agent, as the API shows it (`GET /api/v1/snmp/agent`): community
/// strings and passphrases are secrets, so only their number and the user names.
public struct SNMPAgentView: Codable, Sendable, Hashable, JSONWritable {
    /// How many SNMPv2c communities are set.
    public var communities: Int
    /// The SNMPv3 users' names (authPriv, SHA and AES).
    public var users: [String]
    /// Networks requests may come from, in CIDR notation.
    public var allowedNetworks: [String]
    public var version: Int64

    public init(communities: Int, users: [String], allowedNetworks: [String], version: Int64) {
        self.communities = communities
        self.users = users
        self.allowedNetworks = allowedNetworks
        self.version = version
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("allowedNetworks")
        writer.strings(allowedNetworks)
        writer.key("communities")
        writer.integer(communities)
        writer.key("users")
        writer.strings(users)
        writer.key("version")
        writer.integer(version)
        writer.endObject()
    }
}
