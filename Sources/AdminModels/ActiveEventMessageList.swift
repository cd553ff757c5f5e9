/// `GET /api/v1/event-messages/active`, and the feed's `status` message: the system status
/// (normal, serious, critical), its colour, and the active messages behind it.
public struct ActiveEventMessageList: Codable, Sendable, Hashable, JSONWritable {
    public var status: String
    public var colour: String
    public var active: [ActiveEventMessageView]

    public init(status: String, colour: String, active: [ActiveEventMessageView]) {
        self.status = status
        self.colour = colour
        self.active = active
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("active", active)
        writer.member("colour", colour)
        writer.member("status", status)
        writer.endObject()
    }
}
