/// Why a stored domain event could not be read back: its payload is not valid JSON, lacks a
/// field, carries a value of the wrong kind, or its schema is one this build does not know.
///
/// Replay stops on it rather than skipping the event, because state folded without an event
/// would silently differ from the log (architecture rule 5).
public struct EventDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The event type, e.g. `user.created`.
    public var type: String
    public var schema: Int
    /// What is wrong, e.g. `missing field "number"` or `expected a string at byte 12`.
    public var reason: String

    public init(type: String, schema: Int, reason: String) {
        self.type = type
        self.schema = schema
        self.reason = reason
    }

    public var description: String { "cannot decode \(type) (schema \(schema)): \(reason)" }
}
