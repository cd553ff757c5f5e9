import Domain

/// A message group as the API shows it (`GET /api/v1/message-groups/{number}`, one row of the
/// list). Group 16 is the destination "system phone 1", group 15 "system phone 2" (manual
/// §6.3.1.3).
public struct MessageGroupView: Codable, Sendable, Hashable, JSONWritable {
    public var number: Int
    public var name: String
    /// The members' call numbers, in call-number order.
    public var members: [String]
    /// The group's stream version: the `ETag`, and what `If-Match` must name.
    public var version: Int64

    public init(_ group: MessageGroup, version: Int64) {
        number = group.number
        name = group.name
        members = group.members
        self.version = version
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("members", members)
        writer.member("name", name)
        writer.member("number", number)
        writer.member("version", version)
        writer.endObject()
    }
}
