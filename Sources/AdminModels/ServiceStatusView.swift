/// `GET /health` and `GET /ready`: `ok`, `ready` (with the position start-up folded to) or
/// `unavailable`.
public struct ServiceStatusView: Codable, Sendable, Hashable, JSONWritable {
    public var status: String
    public var position: Int64?

    public init(status: String, position: Int64? = nil) {
        self.status = status
        self.position = position
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        if let position { writer.member("position", position) }
        writer.member("status", status)
        writer.endObject()
    }
}
