/// One event of the log as the API shows it (`GET /api/v1/events`, the feed, the audit query):
/// the envelope, and the payload as the log stores it with sealed secrets shown as `[sealed]`.
///
/// The server writes this shape straight from the stored envelope (`EventJSON`), copying the
/// payload's bytes; this model is how a client reads it.
public struct EventView: Codable, Sendable, Hashable, JSONWritable {
    public var position: Int64
    public var id: String
    public var stream: String
    public var version: Int64
    public var type: String
    public var schema: Int
    /// Microseconds since the epoch; ``time`` is the same instant in RFC 3339.
    public var at: Int64
    public var time: String
    public var actor: String
    public var source: String
    public var causation: String?
    public var correlation: String?
    public var payload: JSONValue
    public var hash: String

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("actor", actor)
        writer.member("at", at)
        writer.member("causation", causation)
        writer.member("correlation", correlation)
        writer.member("hash", hash)
        writer.member("id", id)
        writer.member("payload", payload)
        writer.member("position", position)
        writer.member("schema", schema)
        writer.member("source", source)
        writer.member("stream", stream)
        writer.member("time", time)
        writer.member("type", type)
        writer.member("version", version)
        writer.endObject()
    }
}
