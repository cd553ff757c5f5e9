/// `GET /api/v1/reactors`: the log's head and every reactor and projection.
public struct ReactorList: Codable, Sendable, Hashable, JSONWritable {
    public var head: Int64
    public var reactors: [ReactorView]

    public init(head: Int64, reactors: [ReactorView]) {
        self.head = head
        self.reactors = reactors
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("head")
        writer.integer(head)
        writer.key("reactors")
        writer.array(reactors)
        writer.endObject()
    }
}
