/// Asks for an event message to be generated: by a source inside the server (a destination that
/// became unreachable, a restart) or by an administrator who simulates one to test a network
/// management system.
public struct EventMessageRequest: Sendable, Hashable {
    /// Catalogue key.
    public var type: String
    public var parameters: [String: String]
    /// Only for "Serious / Critical" types (the source chooses); must match a fixed severity.
    public var severity: EventSeverity?
    public var node: Int
    /// When it occurred (µs), from the injected clock: `decide` stays pure.
    public var at: Int64
    public var simulated: Bool
    /// A test event message for one destination only (bypasses the event tables).
    public var target: String?

    public init(
        type: String, parameters: [String: String] = [:], severity: EventSeverity? = nil, node: Int = 1,
        at: Int64, simulated: Bool = false, target: String? = nil
    ) {
        self.type = type
        self.parameters = parameters
        self.severity = severity
        self.node = node
        self.at = at
        self.simulated = simulated
        self.target = target
    }

    /// A parameter's value holds one line of at most this many bytes: what every destination
    /// (a system phone's display, an SNMP varbind, a syslog structured element) can carry.
    public static let maximumParameterBytes = 200

    /// `text` cut to a parameter's value: one line, at most ``maximumParameterBytes`` of UTF-8
    /// (an error's description, which can be long and span lines).
    public static func parameterValue(_ text: String) -> String {
        var result = ""
        for character in text where !character.isNewline {
            guard result.utf8.count + character.utf8.count <= maximumParameterBytes else { break }
            result.append(character)
        }
        return result
    }
}
