/// `GET /api/v1/event-messages/status`: the system status and how many active messages of each
/// severity make it.
public struct SystemStatusView: Codable, Sendable, Hashable, JSONWritable {
    public var status: String
    public var colour: String
    public var activeBySeverity: [String: Int]

    public init(status: String, colour: String, activeBySeverity: [String: Int]) {
        self.status = status
        self.colour = colour
        self.activeBySeverity = activeBySeverity
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("activeBySeverity")
        writer.beginObject()
        for severity in activeBySeverity.keys.sorted() {
            writer.key(dynamic: severity)
            writer.integer(activeBySeverity[severity]!)
        }
        writer.endObject()
        writer.member("colour", colour)
        writer.member("status", status)
        writer.endObject()
    }
}
