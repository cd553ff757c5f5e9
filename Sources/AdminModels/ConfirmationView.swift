/// The answer to confirming an active event message: which one, and the system status after it
/// with the number of messages still active.
public struct ConfirmationView: Codable, Sendable, Hashable, JSONWritable {
    public var confirmed: Int64
    public var status: String
    public var colour: String
    public var active: Int

    public init(confirmed: Int64, status: String, colour: String, active: Int) {
        self.confirmed = confirmed
        self.status = status
        self.colour = colour
        self.active = active
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("active", active)
        writer.member("colour", colour)
        writer.member("confirmed", confirmed)
        writer.member("status", status)
        writer.endObject()
    }
}
