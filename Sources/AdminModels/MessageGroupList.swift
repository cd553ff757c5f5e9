/// `GET /api/v1/message-groups`: the configured message groups, by number.
public struct MessageGroupList: Codable, Sendable, Hashable, JSONWritable {
    public var messageGroups: [MessageGroupView]

    public init(messageGroups: [MessageGroupView]) {
        self.messageGroups = messageGroups
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("messageGroups", messageGroups)
        writer.endObject()
    }
}
