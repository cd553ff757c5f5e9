import Domain

/// `POST /api/v1/event-messages`: raises an event message by hand, marked as simulated in the
/// log so an auditor can tell a test from a fault. A parameter may be given as a string or a
/// whole number (the catalogue's numeric parameters); both are kept as text.
public struct EventMessageSimulation: Codable, Sendable, Hashable {
    public var type: String
    public var parameters: [String: String]
    /// Only for types whose severity the raiser chooses (serious or critical).
    public var severity: String?
    public var node: Int?

    public init(type: String, parameters: [String: String] = [:], severity: String? = nil, node: Int? = nil) {
        self.type = type
        self.parameters = parameters
        self.severity = severity
        self.node = node
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case type, parameters, severity, node }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        var parameters: [String: String] = [:]
        for (key, value) in try container.decodeIfPresent([String: JSONValue].self, forKey: .parameters) ?? [:] {
            switch value {
            case .string(let text): parameters[key] = text
            case .integer(let number): parameters[key] = String(number)
            default:
                let path = container.codingPath + [CodingKeys.parameters]
                throw DecodingError.dataCorrupted(
                    .init(codingPath: path + [MemberName(key)], debugDescription: "must be a string or a whole number"))
            }
        }
        self.init(
            type: try container.decode(String.self, forKey: .type), parameters: parameters,
            severity: try container.decodeIfPresent(String.self, forKey: .severity), node: try container.decodeIfPresent(Int.self, forKey: .node))
    }

}
