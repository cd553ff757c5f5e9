/// `GET /api/v1/audit/integrity`: whether the server trusts its log, and if not, what it found
/// and since when; administrative writes are refused while `trusted` is false (issue 13,
/// point 19).
public struct IntegrityStatusView: Codable, Sendable, Hashable, JSONWritable {
    public var trusted: Bool
    public var finding: String?
    /// The log's head when the finding was made.
    public var head: Int64?
    /// RFC 3339.
    public var detectedAt: String?

    public init(trusted: Bool, finding: String? = nil, head: Int64? = nil, detectedAt: String? = nil) {
        self.trusted = trusted
        self.finding = finding
        self.head = head
        self.detectedAt = detectedAt
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        if let detectedAt { writer.member("detectedAt", detectedAt) }
        if let finding { writer.member("finding", finding) }
        if let head { writer.member("head", head) }
        writer.member("trusted", trusted)
        writer.endObject()
    }
}
