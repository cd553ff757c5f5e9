/// Every error the API answers: `{code, message, details}`. `code` names the rule (e.g.
/// `capacity_exceeded`, `version_conflict`, `password_history`); `details` carries the field,
/// the limit or the incident id.
public struct ErrorBody: Codable, Sendable, Hashable, JSONWritable {
    public var code: String
    public var message: String
    public var details: [String: String]

    public init(code: String, message: String, details: [String: String] = [:]) {
        self.code = code
        self.message = message
        self.details = details
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("code")
        writer.string(code)
        writer.key("details")
        writer.stringMap(details)
        writer.key("message")
        writer.string(message)
        writer.endObject()
    }
}
