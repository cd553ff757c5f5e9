extension SystemState {
    /// Checks the whole of the agent's access and seals its secrets. The SNMP rules: names
    /// are 1–32 characters (SnmpAdminString), USM passphrases at least 8 (RFC 3414 §11.2, and
    /// net-snmp refuses shorter ones), names printable ASCII without spaces because they go
    /// into the agent's configuration lines.
    func decideSetSNMPAgent(_ draft: SNMPAgentDraft, sealing: any SecretSealing) throws(DomainError) -> [DomainEvent] {
        guard draft.communities.count <= CapacityLimit.snmpCommunities.max else { throw .capacityExceeded(.snmpCommunities) }
        guard draft.users.count <= CapacityLimit.snmpUsers.max else { throw .capacityExceeded(.snmpUsers) }
        guard draft.allowedNetworks.count <= CapacityLimit.snmpAllowedNetworks.max else { throw .capacityExceeded(.snmpAllowedNetworks) }
        for community in draft.communities { try Self.checkSNMPName(community, field: "communities") }
        guard Set(draft.communities).count == draft.communities.count else {
            throw .invalid(field: "communities", rule: "each community once")
        }
        for user in draft.users {
            try Self.checkSNMPName(user.name, field: "users.name")
            try Self.checkSNMPPassphrases(of: user, field: "users")
        }
        guard Set(draft.users.map(\.name)).count == draft.users.count else {
            throw .invalid(field: "users.name", rule: "each user name once")
        }
        var networks: [String] = []
        for text in draft.allowedNetworks {
            guard let network = NetworkPrefix(text) else {
                throw .invalid(field: "allowedNetworks", rule: "\"\(text)\" is not an IPv4 or IPv6 address with an optional /prefix length")
            }
            networks.append(network.description)
        }
        if draft == unsealedSNMPAgentDraft(networks: networks, sealing: sealing) { return [] }
        let settings = SNMPAgentSettings(
            communities: draft.communities.map(sealing.seal),
            users: draft.users.sorted { $0.name < $1.name }.map {
                SNMPUser(name: $0.name, authPassphrase: sealing.seal($0.authPassphrase), privPassphrase: sealing.seal($0.privPassphrase))
            },
            allowedNetworks: networks
        )
        return [.snmpAgentSet(settings)]
    }

    /// The current settings as a draft with `networks`, to leave an unchanged setting unlogged
    /// (sealing twice gives other bytes, so sealed values cannot be compared directly).
    private func unsealedSNMPAgentDraft(networks: [String], sealing: any SecretSealing) -> SNMPAgentDraft? {
        guard networks == snmpAgent.allowedNetworks else { return nil }
        do {
            return SNMPAgentDraft(
                communities: try snmpAgent.communities.map(sealing.open),
                users: try snmpAgent.users.map {
                    SNMPUserDraft(name: $0.name, authPassphrase: try sealing.open($0.authPassphrase), privPassphrase: try sealing.open($0.privPassphrase))
                },
                allowedNetworks: networks
            )
        } catch {
            return nil
        }
    }

    static func checkSNMPPassphrases(of user: SNMPUserDraft, field: String) throws(DomainError) {
        for (field, passphrase) in [("\(field).authPassphrase", user.authPassphrase), ("\(field).privPassphrase", user.privPassphrase)] {
            let limit = CapacityLimit.snmpPassphraseLength
            guard limit.range.contains(passphrase.count) else { throw .outOfRange(limit, field: field, value: passphrase.count) }
            guard passphrase.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F && $0 != "\"" && $0 != "\\" }) else {
                throw .invalid(field: field, rule: "printable ASCII characters other than \" and \\ only")
            }
        }
    }

    static func checkSNMPName(_ name: String, field: String) throws(DomainError) {
        let limit = CapacityLimit.snmpNameLength
        guard limit.range.contains(name.count) else { throw .outOfRange(limit, field: field, value: name.count) }
        guard name.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F && $0 != "\"" && $0 != "#" }) else {
            throw .invalid(field: field, rule: "printable ASCII without spaces, quotes or #")
        }
    }
}
