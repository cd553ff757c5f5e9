import Foundation

extension SystemState {
    /// Changes a signal destination (manual §6.3.1.3, *Message destinations*).
    ///
    /// The local destinations and the SNMP destinations share one event table ("Any changes to
    /// the link … also apply to the SNMP destination"), so giving one of them another table moves
    /// all of them. A destination can only be on once its protocol's settings are there; the SRM
    /// destination once the SRM connection is set (manual §5.2), which it travels on.
    func decideConfigureDestination(id: String, _ change: SignalDestinationChange, sealing: any SecretSealing) throws(DomainError) -> [DomainEvent] {
        guard var destination = eventMessages.destinations[id] else { throw .notFound("destination", id) }
        let original = destination
        if let table = change.table {
            guard CapacityLimit.eventTables.range.contains(table) else { throw .outOfRange(.eventTables, field: "table", value: table) }
            destination.table = table
        }
        if let settings = change.settings {
            if let draft = settings {
                destination.settings = try draft.settled(for: destination, sealing: sealing)
            } else {
                destination.settings = nil
            }
        }
        if let enabled = change.enabled { destination.enabled = enabled }
        guard !destination.enabled || destination.isConfigured else {
            throw .invalid(field: "enabled", rule: "destination \(id) needs its \(destination.kind.missingSettings) before it can be switched on")
        }
        if destination.enabled, !original.enabled, destination.kind == .srm, srm == nil {
            throw .invalid(field: "enabled", rule: "the SRM destination travels on the SRM connection; set it first (PUT /api/v1/srm)")
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

    static func checkHost(_ host: String, field: String) throws(DomainError) {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: ".-:"))
        guard !host.isEmpty, host.utf8.count <= 253, host.unicodeScalars.allSatisfy({ allowed.contains($0) }) else {
            throw .invalid(field: field, rule: "a host name or IP address")
        }
    }

    static func checkPath(_ path: String, field: String) throws(DomainError) {
        guard path.hasPrefix("/"), path.utf8.count <= 1024 else { throw .invalid(field: field, rule: "an absolute file path") }
    }
}
