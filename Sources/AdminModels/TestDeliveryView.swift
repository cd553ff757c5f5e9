/// What became of a test event message, sent at once to its destination (issue 13, point 1):
/// `outcome` is `delivered`, `failed` (with the destination's `error` and the Tab. 24 `cause`)
/// or `unknown` (a replayed request whose first outcome this server run did not see).
public struct TestDeliveryView: Codable, Sendable, Hashable, JSONWritable {
    public var outcome: String
    public var at: String?
    public var error: String?
    public var cause: Int?

    public init(outcome: String, at: String?, error: String? = nil, cause: Int? = nil) {
        self.outcome = outcome
        self.at = at
        self.error = error
        self.cause = cause
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("at", at)
        writer.member("cause", cause)
        writer.member("error", error)
        writer.member("outcome", outcome)
        writer.endObject()
    }
}
