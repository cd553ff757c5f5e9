/// An `error` line of the ATAS protocol (docs/atas.md, "Errors"): a stable code, a message for a
/// person, and where it applies the request it answers, the field and the rule it broke.
public struct ATASProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        case malformedLine = "malformed_line"
        case lineTooLong = "line_too_long"
        case unknownType = "unknown_type"
        case notLoggedOn = "not_logged_on"
        case logonRefused = "logon_refused"
        case alreadyLoggedOn = "already_logged_on"
        case unknownID = "unknown_id"
        case invalidField = "invalid_field"
    }

    public var code: Code
    public var message: String
    public var request: String?
    public var field: String?
    public var rule: String?
    /// The event message an `unknown_id` is about.
    public var id: Int64?

    public init(_ code: Code, _ message: String, request: String? = nil, field: String? = nil, rule: String? = nil, id: Int64? = nil) {
        self.id = id
        self.code = code
        self.message = message
        self.request = request
        self.field = field
        self.rule = rule
    }

    /// A field that breaks its rule; the message repeats both, as the API's errors do.
    public static func invalid(_ field: String, _ rule: String, request: String? = nil) -> ATASProtocolError {
        ATASProtocolError(.invalidField, "\(field): \(rule)", request: request, field: field, rule: rule)
    }

    /// After these the stream cannot be trusted to be in step (a broken line), or the peer has
    /// no business on the interface (a refused logon): the server closes the connection.
    public var closesConnection: Bool {
        switch code {
        case .malformedLine, .lineTooLong, .logonRefused: true
        default: false
        }
    }

    public var description: String { "\(code.rawValue): \(message)" }

    /// The `error` line.
    var line: ATASLine {
        var line = ATASLine(type: "error")
        line["code"] = code.rawValue
        line["message"] = message
        line["request"] = request
        line["field"] = field
        line["rule"] = rule
        line.set("id", id.map(ATASLine.Value.integer))
        return line
    }
}
