/// `GET /api/v1/trunks/registrations`: every account that registers, by account number.
public struct TrunkRegistrationList: Codable, Sendable, Hashable, JSONWritable {
    public var registrations: [TrunkRegistrationView]

    public init(registrations: [TrunkRegistrationView]) {
        self.registrations = registrations
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("registrations", registrations)
        writer.endObject()
    }
}
