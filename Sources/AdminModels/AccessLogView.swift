/// `GET /api/v1/accounts/{name}/access-log`: the last 20 attempts, newest first (§5.3.3).
public struct AccessLogView: Codable, Sendable, Hashable, JSONWritable {
    public var account: String
    public var entries: [AccessAttemptView]

    public init(account: String, entries: [AccessAttemptView]) {
        self.account = account
        self.entries = entries
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("account", account)
        writer.member("entries", entries)
        writer.endObject()
    }
}
