/// One stored snapshot in `GET /api/v1/audit/verify`: whether it is bound to the chain, and if
/// not, why it is refused (issue 13, point 18).
public struct SnapshotCheckView: Codable, Sendable, Hashable, JSONWritable {
    public var kind: String
    public var position: Int64
    public var schema: Int
    /// `bound`, `unbound`, `forged`, `ahead_of_log` or `detached`.
    public var verdict: String
    public var reason: String

    public init(kind: String, position: Int64, schema: Int, verdict: String, reason: String) {
        self.kind = kind
        self.position = position
        self.schema = schema
        self.verdict = verdict
        self.reason = reason
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("kind", kind)
        writer.member("position", position)
        writer.member("reason", reason)
        writer.member("schema", schema)
        writer.member("verdict", verdict)
        writer.endObject()
    }
}
