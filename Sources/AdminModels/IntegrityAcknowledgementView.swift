/// `POST /api/v1/audit/integrity/acknowledge`: the finding an administrator accepted and the
/// log position that records the acknowledgement (issue 13, point 19).
public struct IntegrityAcknowledgementView: Codable, Sendable, Hashable, JSONWritable {
    public var acknowledged: String
    public var position: Int64

    public init(acknowledged: String, position: Int64) {
        self.acknowledged = acknowledged
        self.position = position
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("acknowledged", acknowledged)
        writer.member("position", position)
        writer.endObject()
    }
}
