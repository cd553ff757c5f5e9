extension SignalDestination {
    /// Flat keys, the syslog and webhook settings prefixed, so the payload stays one object.
    private static let keys: [StaticString] = [
        "address", "enabled", "id", "kind", "messageGroup", "syslogCaFile", "syslogFacility", "syslogHost", "syslogPort",
        "syslogTransport", "table", "webhookAlternativeUrl", "webhookCaFile", "webhookPrimaryUrl", "webhookSecret",
    ]

    func writePayload(into json: inout CanonicalJSON) {
        json.field("address", address)
        json.field("enabled", enabled)
        json.field("id", id)
        json.field("kind", kind.rawValue)
        if let messageGroup { json.field("messageGroup", messageGroup) }
        if let syslog {
            json.field("syslogCaFile", syslog.caFile)
            json.field("syslogFacility", syslog.facility)
            json.field("syslogHost", syslog.host)
            json.field("syslogPort", syslog.port)
            json.field("syslogTransport", syslog.transport.rawValue)
        }
        json.field("table", table)
        if let webhook {
            json.field("webhookAlternativeUrl", webhook.alternativeURL)
            json.field("webhookCaFile", webhook.caFile)
            json.field("webhookPrimaryUrl", webhook.primaryURL)
            json.field("webhookSecret", webhook.secret.text)
        }
    }

    static func readPayload(_ reader: inout JSONReader) throws(JSONReader.ReadError) -> SignalDestination {
        var address: String?, enabled: Bool?, id: String?, kind: SignalDestinationKind?, messageGroup: Int?
        var syslogCaFile: String?, syslogFacility: Int?, syslogHost: String?, syslogPort: Int?, syslogTransport: SyslogTransport?
        var table: Int?, alternative: String?, webhookCaFile: String?, primary: String?, secret: String?
        var seen: UInt64 = 0
        try reader.beginObject()
        while let key = try reader.nextKey(keys) {
            if key >= 0 { try reader.noteMember(key, seen: &seen, keys: keys) }
            switch key {
            case 0: address = try reader.readOptionalString()
            case 1: enabled = try reader.readBool()
            case 2: id = try reader.readString()
            case 3:
                guard let value = SignalDestinationKind(rawValue: try reader.readString()) else { throw reader.invalid("kind", "unknown destination kind") }
                kind = value
            case 4: messageGroup = try reader.readInteger()
            case 5: syslogCaFile = try reader.readOptionalString()
            case 6: syslogFacility = try reader.readInteger()
            case 7: syslogHost = try reader.readString()
            case 8: syslogPort = try reader.readInteger()
            case 9:
                guard let value = SyslogTransport(rawValue: try reader.readString()) else { throw reader.invalid("syslogTransport", "not udp, tcp or tls") }
                syslogTransport = value
            case 10: table = try reader.readInteger()
            case 11: alternative = try reader.readOptionalString()
            case 12: webhookCaFile = try reader.readOptionalString()
            case 13: primary = try reader.readString()
            case 14: secret = try reader.readString()
            default: try reader.skipValue()
            }
        }
        try reader.finish()
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
        return SignalDestination(id: id, kind: kind, enabled: enabled, table: table, messageGroup: messageGroup,
                                 syslog: syslog, webhook: webhook, address: address)
    }
}
