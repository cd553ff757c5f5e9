/// The first form of `destination.configured` (schema 1), read by the upcaster: the syslog,
/// webhook and SNMP settings and the address as flat prefixed keys beside the destination's own
/// (issue 12, point 4, replaced them with one nested settings object). Logs written before
/// then replay through here into the same state as a schema-2 event would give.
extension SignalDestination {
    private static let schema1Keys: [StaticString] = [
        "address", "enabled", "id", "kind", "messageGroup", "snmpAuthPassphrase", "snmpCommunity", "snmpHost",
        "snmpNotification", "snmpPort", "snmpPrivPassphrase", "snmpUser", "syslogCaFile", "syslogFacility", "syslogHost", "syslogPort",
        "syslogTransport", "table", "webhookAlternativeUrl", "webhookCaFile", "webhookPrimaryUrl", "webhookSecret",
    ]

    static func readSchema1Payload(_ reader: inout JSONReader) throws(JSONReader.ReadError) -> SignalDestination {
        var address: String?, enabled: Bool?, id: String?, kind: SignalDestinationKind?, messageGroup: Int?
        var syslogCaFile: String?, syslogFacility: Int?, syslogHost: String?, syslogPort: Int?, syslogTransport: SyslogTransport?
        var table: Int?, alternative: String?, webhookCaFile: String?, primary: String?, secret: String?
        var snmpAuth: String?, snmpCommunity: String?, snmpHost: String?, snmpNotification: SNMPNotificationKind?
        var snmpPort: Int?, snmpPriv: String?, snmpUser: String?
        var seen: UInt64 = 0
        try reader.beginObject()
        while let key = try reader.nextKey(schema1Keys) {
            if key >= 0 { try reader.noteMember(key, seen: &seen, keys: schema1Keys) }
            switch key {
            case 0: address = try reader.readOptionalString()
            case 1: enabled = try reader.readBool()
            case 2: id = try reader.readString()
            case 3:
                guard let value = SignalDestinationKind(rawValue: try reader.readString()) else { throw reader.invalid("kind", "unknown destination kind") }
                kind = value
            case 4: messageGroup = try reader.readInteger()
            case 5: snmpAuth = try reader.readString()
            case 6: snmpCommunity = try reader.readString()
            case 7: snmpHost = try reader.readString()
            case 8:
                guard let value = SNMPNotificationKind(rawValue: try reader.readString()) else {
                    throw reader.invalid("snmpNotification", "not trap or inform")
                }
                snmpNotification = value
            case 9: snmpPort = try reader.readInteger()
            case 10: snmpPriv = try reader.readString()
            case 11: snmpUser = try reader.readString()
            case 12: syslogCaFile = try reader.readOptionalString()
            case 13: syslogFacility = try reader.readInteger()
            case 14: syslogHost = try reader.readString()
            case 15: syslogPort = try reader.readInteger()
            case 16:
                guard let value = SyslogTransport(rawValue: try reader.readString()) else { throw reader.invalid("syslogTransport", "not udp, tcp or tls") }
                syslogTransport = value
            case 17: table = try reader.readInteger()
            case 18: alternative = try reader.readOptionalString()
            case 19: webhookCaFile = try reader.readOptionalString()
            case 20: primary = try reader.readString()
            case 21: secret = try reader.readString()
            default: try reader.skipValue()
            }
        }
        guard let enabled else { throw reader.missing("enabled") }
        guard let id else { throw reader.missing("id") }
        guard let kind else { throw reader.missing("kind") }
        guard let table else { throw reader.missing("table") }
        var syslog: SyslogSettings?
        if let syslogTransport, let syslogHost, let syslogPort, let syslogFacility {
            syslog = SyslogSettings(transport: syslogTransport, host: syslogHost, port: syslogPort, facility: syslogFacility, caFile: syslogCaFile)
        }
        var webhook: WebhookSettings?
        if let primary, let secret {
            webhook = WebhookSettings(primaryURL: primary, alternativeURL: alternative, secret: SealedSecret(text: secret), caFile: webhookCaFile)
        }
        var snmp: SNMPNotificationSettings?
        if let snmpHost, let snmpPort, let snmpNotification {
            var user: SNMPUser?
            if let snmpUser, let snmpAuth, let snmpPriv {
                user = SNMPUser(name: snmpUser, authPassphrase: SealedSecret(text: snmpAuth), privPassphrase: SealedSecret(text: snmpPriv))
            }
            snmp = SNMPNotificationSettings(
                host: snmpHost, port: snmpPort, notification: snmpNotification,
                community: snmpCommunity.map { SealedSecret(text: $0) }, user: user)
        }
        let settings: DestinationSettingsObject? =
            if let syslog { DestinationSettingsObject(syslog) } else if let webhook { DestinationSettingsObject(webhook) } else if let snmp {
                DestinationSettingsObject(snmp)
            } else if let address { DestinationSettingsObject(EmailRecipient(address)) } else { nil }
        return SignalDestination(id: id, kind: kind, enabled: enabled, table: table, messageGroup: messageGroup, settings: settings)
    }
}
