/// `GET /api/v1/state/hash`: the state's hash at a log position.
public struct StateHashView: Codable, Sendable, Hashable, JSONWritable {
    public var position: Int64
    /// SHA-256 of the canonical encoding of the state, lowercase hex.
    public var hash: String

    public init(position: Int64, hash: String) {
        self.position = position
        self.hash = hash
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("hash")
        writer.string(hash)
        writer.key("position")
        writer.integer(position)
        writer.endObject()
    }
}
