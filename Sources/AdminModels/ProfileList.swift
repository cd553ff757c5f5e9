/// `GET /api/v1/profiles`: the predefined profiles, then the custom ones.
public struct ProfileList: Codable, Sendable, Hashable, JSONWritable {
    public var profiles: [ProfileView]

    public init(profiles: [ProfileView]) {
        self.profiles = profiles
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("profiles")
        writer.array(profiles)
        writer.endObject()
    }
}
