/// `GET /api/v1/registrations`: the registrar's live bindings, by terminal id, then contact.
public struct RegistrationList: Codable, Sendable, Hashable, JSONWritable {
    public var registrations: [RegistrationView]

    public init(registrations: [RegistrationView]) {
        self.registrations = registrations
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("registrations")
        writer.array(registrations)
        writer.endObject()
    }
}
