/// `GET /api/v1/state`: the published configuration's position, its hash and a few counts.
public struct StateSummary: Codable, Sendable, Hashable, JSONWritable {
    /// The last event folded into the state.
    public var position: Int64
    /// The log's head when asked (the state may be a moment behind it).
    public var head: Int64
    /// SHA-256 of the canonical state, lowercase hex.
    public var hash: String
    public var identity: SystemIdentityView
    public var users: Int
    public var terminals: Int

    public init(position: Int64, head: Int64, hash: String, identity: SystemIdentityView, users: Int, terminals: Int) {
        self.position = position
        self.head = head
        self.hash = hash
        self.identity = identity
        self.users = users
        self.terminals = terminals
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("hash")
        writer.string(hash)
        writer.key("head")
        writer.integer(head)
        writer.key("identity")
        identity.write(to: &writer)
        writer.key("position")
        writer.integer(position)
        writer.key("terminals")
        writer.integer(terminals)
        writer.key("users")
        writer.integer(users)
        writer.endObject()
    }
}
