import Foundation

extension SystemState {
    /// Changes a signal destination (manual §6.3.1.3, *Message destinations*).
    ///
    /// The local destinations and the SNMP destinations share one event table ("Any changes to
    /// the link … also apply to the SNMP destination"), so giving one of them another table moves
    /// all of them. A destination can only be on once its protocol's settings are there.
    func decideConfigureDestination(id: String, _ change: SignalDestinationChange, sealing: any SecretSealing) throws(DomainError) -> [DomainEvent] {
        guard var destination = eventMessages.destinations[id] else { throw .notFound("destination", id) }
        let original = destination
        if let table = change.table {
            guard CapacityLimit.eventTables.range.contains(table) else { throw .outOfRange(.eventTables, field: "table", value: table) }
            destination.table = table
        }
        if let syslog = change.syslog {
            guard destination.kind == .local || syslog == nil else {
                throw .invalid(field: "syslog", rule: "only local destinations send to a syslog collector")
            }
            if let syslog { try Self.check(syslog) }
            destination.syslog = syslog
        }
        if let webhook = change.webhook {
            guard destination.kind == .external || webhook == nil else {
                throw .invalid(field: "webhook", rule: "only the external destination is a webhook")
            }
            if let webhook {
                try Self.check(webhook)
                // Keep the sealed secret when neither it nor the rest changed, so an idle
                // re-submission of the form appends nothing.
                if let current = destination.webhook,
                    current.primaryURL == webhook.primaryURL, current.alternativeURL == webhook.alternativeURL,
                    current.caFile == webhook.caFile, (try? sealing.open(current.secret)) == webhook.secret
                {
                    destination.webhook = current
                } else {
                    destination.webhook = WebhookSettings(
                        primaryURL: webhook.primaryURL, alternativeURL: webhook.alternativeURL,
                        secret: sealing.seal(webhook.secret), caFile: webhook.caFile)
                }
            } else {
                destination.webhook = nil
            }
        }
        if let snmp = change.snmp {
            guard destination.kind == .snmp || snmp == nil else {
                throw .invalid(field: "snmp", rule: "only SNMP destinations send SNMP notifications")
            }
            if let snmp {
                destination.snmp = try Self.sealedSNMPReceiver(snmp, keeping: destination.snmp, sealing: sealing)
            } else {
                destination.snmp = nil
            }
        }
        if let address = change.address {
            guard [.email, .atas, .srm].contains(destination.kind) || address == nil else {
                throw .invalid(field: "address", rule: "\(destination.kind.rawValue) destinations take no address")
            }
            if let address {
                guard !address.isEmpty, address.utf8.count <= 255, !address.contains(where: { $0.isWhitespace }) else {
                    throw .invalid(field: "address", rule: "1…255 characters without spaces")
                }
            }
            destination.address = address
        }
        if let enabled = change.enabled { destination.enabled = enabled }
        guard !destination.enabled || destination.isConfigured else {
            throw .invalid(field: "enabled", rule: "destination \(id) needs its \(Self.missingSetting(of: destination.kind)) before it can be switched on")
        }
        guard destination != original else { return [] }
        var events: [DomainEvent] = [.destinationConfigured(destination)]
        if destination.table != original.table, destination.kind == .local || destination.kind == .snmp {
            for sharing in SignalDestination.allIDs where sharing != id {
                guard var other = eventMessages.destinations[sharing], other.kind == .local || other.kind == .snmp,
                    other.table != destination.table
                else { continue }
                other.table = destination.table
                events.append(.destinationConfigured(other))
            }
        }
        return events
    }

    static func missingSetting(of kind: SignalDestinationKind) -> String {
        switch kind {
        case .local: "syslog collector"
        case .external: "webhook"
        case .snmp: "SNMP receiver"
        default: "address"
        }
    }

    private static func check(_ syslog: SyslogSettings) throws(DomainError) {
        try checkHost(syslog.host, field: "syslog.host")
        guard CapacityLimit.port.range.contains(syslog.port) else { throw .outOfRange(.port, field: "syslog.port", value: syslog.port) }
        guard CapacityLimit.syslogFacility.range.contains(syslog.facility) else {
            throw .outOfRange(.syslogFacility, field: "syslog.facility", value: syslog.facility)
        }
        if let caFile = syslog.caFile { try checkPath(caFile, field: "syslog.caFile") }
    }

    private static func check(_ webhook: WebhookDraft) throws(DomainError) {
        try checkHTTPS(webhook.primaryURL, field: "webhook.primaryUrl")
        if let alternative = webhook.alternativeURL { try checkHTTPS(alternative, field: "webhook.alternativeUrl") }
        guard webhook.secret.utf8.count >= 16, webhook.secret.utf8.count <= 256 else {
            throw .invalid(field: "webhook.secret", rule: "16…256 bytes, so the HMAC-SHA256 signature cannot be guessed")
        }
        if let caFile = webhook.caFile { try checkPath(caFile, field: "webhook.caFile") }
    }

    /// Webhooks carry fault details and are signed, so only HTTPS is accepted.
    private static func checkHTTPS(_ text: String, field: String) throws(DomainError) {
        guard let url = URL(string: text), url.scheme?.lowercased() == "https", let host = url.host, !host.isEmpty else {
            throw .invalid(field: field, rule: "an https:// URL")
        }
    }

    static func checkHost(_ host: String, field: String) throws(DomainError) {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: ".-:"))
        guard !host.isEmpty, host.utf8.count <= 253, host.unicodeScalars.allSatisfy({ allowed.contains($0) }) else {
            throw .invalid(field: field, rule: "a host name or IP address")
        }
    }

    private static func checkPath(_ path: String, field: String) throws(DomainError) {
        guard path.hasPrefix("/"), path.utf8.count <= 1024 else { throw .invalid(field: field, rule: "an absolute file path") }
    }
}
