/// An SNMP destination's receiver as the administrator enters it, secrets in plaintext;
/// `decide` checks and seals them into ``SNMPNotificationSettings``.
public struct SNMPNotificationDraft: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var notification: SNMPNotificationKind
    public var community: String?
    public var user: SNMPUserDraft?

    public init(
        host: String, port: Int = SNMPNotificationSettings.defaultPort, notification: SNMPNotificationKind,
        community: String? = nil, user: SNMPUserDraft? = nil
    ) {
        self.host = host
        self.port = port
        self.notification = notification
        self.community = community
        self.user = user
    }
}

extension SNMPNotificationDraft: DestinationSettingsDraft {
    /// Checks the receiver and seals its secrets (manual §6.3.1.3, *SNMP destination*). The same
    /// naming and passphrase rules as the agent's own communities and users apply, because the
    /// same net-snmp session settings carry them.
    public func settle(keeping current: SNMPNotificationSettings?, sealing: any SecretSealing) throws(DomainError) -> SNMPNotificationSettings {
        try SystemState.checkHost(host, field: "snmp.host")
        guard CapacityLimit.port.range.contains(port) else { throw .outOfRange(.port, field: "snmp.port", value: port) }
        switch (community, user) {
        case (let community?, nil):
            try SystemState.checkSNMPName(community, field: "snmp.community")
        case (nil, let user?):
            try SystemState.checkSNMPName(user.name, field: "snmp.user.name")
            try SystemState.checkSNMPPassphrases(of: user, field: "snmp.user")
            guard notification == .inform else {
                throw .invalid(
                    field: "snmp.notification", rule: "SNMPv3 receivers get informs: a v3 trap would need the receiver set up with this server's engine ID")
            }
        default:
            throw .invalid(field: "snmp", rule: "either a community (SNMPv2c) or a user (SNMPv3), not both and not neither")
        }
        if let current, current.host == host, current.port == port, current.notification == notification,
            current.community.flatMap({ try? sealing.open($0) }) == community,
            current.user?.name == user?.name,
            current.user.flatMap({ try? sealing.open($0.authPassphrase) }) == user?.authPassphrase,
            current.user.flatMap({ try? sealing.open($0.privPassphrase) }) == user?.privPassphrase
        {
            return current
        }
        return SNMPNotificationSettings(
            host: host, port: port, notification: notification, community: community.map(sealing.seal),
            user: user.map { SNMPUser(name: $0.name, authPassphrase: sealing.seal($0.authPassphrase), privPassphrase: sealing.seal($0.privPassphrase)) })
    }
}

/// `{"host", "port" (162), "notification": "trap"|"inform", "community"}` for SNMPv2c, or
/// `"user": {"name", "authPassphrase", "privPassphrase"}` instead of the community for SNMPv3.
extension SNMPNotificationDraft: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case host, port, notification, community, user
    }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            host: try container.decode(String.self, forKey: .host),
            port: try container.decodeIfPresent(Int.self, forKey: .port) ?? SNMPNotificationSettings.defaultPort,
            notification: try container.decodeName(SNMPNotificationKind.self, forKey: .notification),
            community: try container.decodeIfPresent(String.self, forKey: .community),
            user: try container.decodeIfPresent(SNMPUserDraft.self, forKey: .user))
    }
}
