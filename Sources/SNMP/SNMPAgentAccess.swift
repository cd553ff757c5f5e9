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
        users = try settings.users.map {
            SNMPUserDraft(name: $0.name, authPassphrase: try box.open($0.authPassphrase), privPassphrase: try box.open($0.privPassphrase))
        }
        networks = settings.allowedNetworks.compactMap(NetworkPrefix.init)
    }

    /// snmpd.conf(5) lines: communities per allowed network (net-snmp's own source check for
    /// v2c), SHA/AES users with `… priv`, so a v3 request without privacy is refused by VACM
    /// itself. Both see only CALLPLANE-MIB's objects.
    ///
    /// Communities are mapped through `com2sec` to a group that VACM admits for `v2c` only:
    /// `rocommunity`/`rwcommunity` would admit SNMPv1 as well, which the product neither
    /// documents nor wants (issue 13, point 12: v1 has no 64-bit counters, no GETBULK and no
    /// informs); a v1 request now finds no group and is dropped as a bad community.
    ///
    /// The view is a write view too, on purpose: only then does a SET reach the MIB's handler,
    /// which is registered read-only, so net-snmp answers `notWritable` (what the issue asks an
    /// NMS to see) instead of VACM's `noAccess`. Nothing becomes writable: the handler has no
    /// SET mode and the view holds nothing else.
    public var configurationLines: [String] {
        let view = CallplaneMIB.objects.map(String.init).joined(separator: ".")
        var lines = ["view \(Self.viewName) included .\(view)"]
        for community in communities {
            for network in networks {
                lines.append("\(network.bytes.count == 4 ? "com2sec" : "com2sec6") \(Self.v2cName) \(network) \(community)")
            }
        }
        if !communities.isEmpty {
            lines.append("group \(Self.v2cName) v2c \(Self.v2cName)")
            lines.append("access \(Self.v2cName) \"\" v2c noauth exact \(Self.viewName) \(Self.viewName) none")
        }
        for user in users {
            lines.append("createUser \(user.name) SHA \"\(user.authPassphrase)\" AES \"\(user.privPassphrase)\"")
            lines.append("rwuser \(user.name) priv .\(view)")
        }
        return lines
    }

    static let viewName = "callplane"
    /// The security name and group of every community (VACM needs one; net-snmp's own
    /// `rocommunity` makes one per line too).
    static let v2cName = "callplane-v2c"
}
