/// `GET /api/v1/event-types`: the whole catalogue, by code.
public struct EventTypeList: Codable, Sendable, Hashable, JSONWritable {
    public var eventTypes: [EventTypeView]

    public init(eventTypes: [EventTypeView]) {
        self.eventTypes = eventTypes
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("eventTypes")
        writer.array(eventTypes)
        writer.endObject()
    }
}
