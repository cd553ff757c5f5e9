import Domain

/// The agent's access in the clear, for net-snmp's configuration lines only: opened from the
/// sealed ``SNMPAgentSettings`` when the settings change, handed to the agent's thread, and
/// never written to a file (the lines go in through `netsnmp_config_remember`).
public struct SNMPAgentAccess: Sendable, Hashable {
    public var communities: [String]
    public var users: [SNMPUserDraft]
    public var networks: [NetworkPrefix]

    public init(settings: SNMPAgentSettings, opening box: any SecretSealing) throws {
        communities = try settings.communities.map(box.open)
        users = try settings.users.map { SNMPUserDraft(name: $0.name, authPassphrase: try box.open($0.authPassphrase), privPassphrase: try box.open($0.privPassphrase)) }
        networks = settings.allowedNetworks.compactMap(NetworkPrefix.init)
    }

    /// snmpd.conf(5) lines: read-only communities per allowed network (net-snmp's own source
    /// check for v2c), SHA/AES users with `rouser … priv`, so a v3 request without privacy is
    /// refused by VACM itself.
    public var configurationLines: [String] {
        var lines: [String] = []
        for community in communities {
            for network in networks {
                lines.append("\(network.bytes.count == 4 ? "rocommunity" : "rocommunity6") \(community) \(network)")
            }
        }
        for user in users {
            lines.append("createUser \(user.name) SHA \"\(user.authPassphrase)\" AES \"\(user.privPassphrase)\"")
            lines.append("rouser \(user.name) priv")
        }
        return lines
    }
}
