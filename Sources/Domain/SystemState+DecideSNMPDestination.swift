extension SystemState {
    /// Checks an SNMP destination's receiver and seals its secrets (manual §6.3.1.3, *SNMP
    /// destination*). The same naming and passphrase rules as the agent's own communities and
    /// users apply, because the same net-snmp session settings carry them.
    ///
    /// A re-submission that changes nothing keeps the sealed values of `current`, so it appends
    /// nothing (sealing twice gives other bytes).
    static func sealedSNMPReceiver(
        _ draft: SNMPNotificationDraft, keeping current: SNMPNotificationSettings?,
        sealing: any SecretSealing
    ) throws(DomainError) -> SNMPNotificationSettings {
        try checkHost(draft.host, field: "snmp.host")
        guard CapacityLimit.port.range.contains(draft.port) else { throw .outOfRange(.port, field: "snmp.port", value: draft.port) }
        switch (draft.community, draft.user) {
        case (let community?, nil):
            try checkSNMPName(community, field: "snmp.community")
        case (nil, let user?):
            try checkSNMPName(user.name, field: "snmp.user.name")
            try checkSNMPPassphrases(of: user, field: "snmp.user")
            guard draft.notification == .inform else {
                throw .invalid(
                    field: "snmp.notification", rule: "SNMPv3 receivers get informs: a v3 trap would need the receiver set up with this server's engine ID")
            }
        default:
            throw .invalid(field: "snmp", rule: "either a community (SNMPv2c) or a user (SNMPv3), not both and not neither")
        }
        if let current, current.host == draft.host, current.port == draft.port, current.notification == draft.notification,
            current.community.flatMap({ try? sealing.open($0) }) == draft.community,
            current.user?.name == draft.user?.name,
            current.user.flatMap({ try? sealing.open($0.authPassphrase) }) == draft.user?.authPassphrase,
            current.user.flatMap({ try? sealing.open($0.privPassphrase) }) == draft.user?.privPassphrase
        {
            return current
        }
        return SNMPNotificationSettings(
            host: draft.host, port: draft.port, notification: draft.notification,
            community: draft.community.map(sealing.seal),
            user: draft.user.map { SNMPUser(name: $0.name, authPassphrase: sealing.seal($0.authPassphrase), privPassphrase: sealing.seal($0.privPassphrase)) }
        )
    }
}
