import AdminModels
import Domain
import EventMessages
import Foundation

/// A destination's settings in the API, through the plug-in of its kind: each plug-in's
/// settings are one member of the destination object named after them (`syslog`, `webhook`,
/// `snmp`, `address` …), `null` when unset, as the API has always shown them.
extension AdminAPI {
    /// Every plug-in's member, the destination's own settings shown by their plug-in's view and
    /// the others `null`.
    func settingsMembers(of destination: SignalDestination) -> [String: JSONValue] {
        var members: [String: JSONValue] = [:]
        for name in destinationPlugins.names { members[name] = .null }
        // Only the settings of the kind's own plug-in: an SRM destination configured before it
        // travelled on the SRM connection may still hold the address it had then.
        if let settings = destination.settings, let plugin = destinationPlugins.plugin(for: destination.kind), plugin.name == settings.name,
            let view = try? plugin.view(of: settings),
            let data = try? JSONEncoder().encode(view),
            let value = try? JSONDecoder().decode(JSONValue.self, from: data)
        {
            members[settings.name] = value
        }
        return members
    }

    /// The settings change a PATCH body asks for: absent, `null` (clear), or the draft of the one
    /// plug-in whose member the body holds — which must be the plug-in of the destination's kind
    /// in this build (another build, or a test, may have given a kind other settings).
    func settingsChange(_ members: [String: JSONValue], for id: String) throws -> (any DestinationSettingsDraft)?? {
        if let unknown = members.keys.sorted().first(where: { destinationPlugins.plugin(named: $0) == nil }) {
            throw APIError.unknownField(unknown, allowed: "allowed: " + (["enabled", "table"] + destinationPlugins.names).sorted().joined(separator: ", "))
        }
        guard let destination = projection.current.state.eventMessages.destinations[id] else { throw DomainError.notFound("destination", id) }
        guard let (name, value) = members.first else { return .none }
        guard members.count == 1 else {
            throw APIError.invalid(members.keys.sorted().joined(separator: ", "), "a destination has the settings of one kind; give one of them")
        }
        if value == .null { return .some(nil) }
        guard let plugin = destinationPlugins.plugin(for: destination.kind), plugin.name == name else {
            let expected = destinationPlugins.plugin(for: destination.kind).map { "its settings are \($0.name)" } ?? "its kind takes no settings"
            throw APIError.invalid(name, "\(destination.id) is of kind \(destination.kind.rawValue); \(expected)")
        }
        // A fraction among the settings is named by its path there too (`syslog.port`).
        let data = Data(value.jsonBytes())
        return .some(try RequestBody.decoding(data, under: name) { try plugin.draft(fromJSON: data) })
    }
}
