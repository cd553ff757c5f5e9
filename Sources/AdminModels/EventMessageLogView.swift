/// `GET /api/v1/event-messages/log` and `…/power-failure`: the manual's two views (§6.3.1.3),
/// newest first, with how many entries each keeps.
public struct EventMessageLogView: Codable, Sendable, Hashable, JSONWritable {
    public var capacity: Int
    public var messages: [EventMessageView]

    public init(capacity: Int, messages: [EventMessageView]) {
        self.capacity = capacity
        self.messages = messages
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("capacity", capacity)
        writer.member("messages", messages)
        writer.endObject()
    }
}
