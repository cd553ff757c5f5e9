import Domain
import EventMessages
import Foundation

/// A destination's settings in the API, through the plug-in of its kind: each plug-in's
/// settings are one member of the destination object named after them (`syslog`, `webhook`,
/// `snmp`, `address` …), `null` when unset, as the API has always shown them.
extension AdminAPI {
    /// Every plug-in's member, the destination's own settings shown by their plug-in's view and
    /// the others `null`.
    func settingsMembers(of destination: SignalDestination) -> [String: Any] {
        var members: [String: Any] = [:]
        for name in destinationPlugins.names { members[name] = NSNull() }
        if let settings = destination.settings, let plugin = destinationPlugins.plugin(named: settings.name),
            let view = try? plugin.view(of: settings),
            let data = try? JSONEncoder().encode(view),
            let object = try? JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed)
        {
            members[settings.name] = object
        }
        return members
    }

    /// The settings change a PATCH body asks for: absent, `null` (clear), or the draft of the one
    /// plug-in whose member the body holds — which must be the plug-in of the destination's kind
    /// in this build (another build, or a test, may have given a kind other settings).
    func settingsChange(_ body: JSONBody, for destination: SignalDestination) throws -> (any DestinationSettingsDraft)?? {
        let given = destinationPlugins.names.filter { body.contains($0) }
        guard let name = given.first else { return .none }
        guard given.count == 1 else {
            throw APIError.invalid(given.joined(separator: ", "), "a destination has the settings of one kind; give one of them")
        }
        if body.isNull(name) { return .some(nil) }
        guard let plugin = destinationPlugins.plugin(for: destination.kind), plugin.name == name else {
            let expected = destinationPlugins.plugin(for: destination.kind).map { "its settings are \($0.name)" } ?? "its kind takes no settings"
            throw APIError.invalid(name, "\(destination.id) is of kind \(destination.kind.rawValue); \(expected)")
        }
        guard let value = body.rawValue(name) else { return .none }
        // Settings hold whole numbers only; a fraction would reach the decoder as "not valid
        // JSON" with no path, so it is refused here with the member it is in.
        if let path = Self.fractionPath(in: value, at: name) { throw APIError.invalid(path, "must be a whole number") }
        let data = try JSONSerialization.data(withJSONObject: value, options: .fragmentsAllowed)
        do {
            return .some(try plugin.draft(fromJSON: data))
        } catch let unknown as UnknownMember {
            let field = "\(name).\(unknown.path)"
            throw APIError(
                status: .unprocessableContent, code: "unknown_field",
                message: "\(field): not a field of this request (allowed: \(unknown.allowed.joined(separator: ", ")))",
                details: ["field": field, "rule": "unknown field"])
        } catch let error as DecodingError {
            throw Self.settingsError(error, member: name)
        }
    }

    /// The dotted path of the first number with a fraction in `value`, if any.
    private static func fractionPath(in value: Any, at path: String) -> String? {
        switch value {
        case let object as [String: Any]:
            return object.keys.sorted().lazy.compactMap { fractionPath(in: object[$0]!, at: "\(path).\($0)") }.first
        case let array as [Any]:
            return array.indices.lazy.compactMap { fractionPath(in: array[$0], at: "\(path)[\($0)]") }.first
        case let number as NSNumber where !JSONBody.isBoolean(number):
            return Int(exactly: number.doubleValue) == nil ? path : nil
        default:
            return nil
        }
    }

    /// The decoder's complaint in the API's words, naming the member's full path.
    private static func settingsError(_ error: DecodingError, member: String) -> APIError {
        func path(_ keys: [any CodingKey]) -> String { ([member] + keys.map(\.stringValue)).joined(separator: ".") }
        switch error {
        case .keyNotFound(let key, let context): return .invalid(path(context.codingPath + [key]), "is required")
        case .valueNotFound(_, let context): return .invalid(path(context.codingPath), "is required")
        case .typeMismatch(let type, let context):
            let expected =
                switch type {
                case is String.Type: "must be a string"
                case is Int.Type: "must be a whole number"
                case is Bool.Type: "must be true or false"
                default: "must be an object"
                }
            return .invalid(path(context.codingPath), expected)
        case .dataCorrupted(let context): return .invalid(path(context.codingPath), context.debugDescription)
        @unknown default: return .invalid(member, "is not valid")
        }
    }
}
