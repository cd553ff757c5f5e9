/// A user as the API shows it (`GET /api/v1/users/{number}`, one row of the list).
public struct UserView: Codable, Sendable, Hashable, JSONWritable {
    public var number: String
    public var name: String
    public var email: String?
    public var language: String
    /// The user's stream version: the `ETag`, and what `If-Match` must name.
    public var version: Int64

    public init(number: String, name: String, email: String?, language: String, version: Int64) {
        self.number = number
        self.name = name
        self.email = email
        self.language = language
        self.version = version
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("email")
        writer.string(email)
        writer.key("language")
        writer.string(language)
        writer.key("name")
        writer.string(name)
        writer.key("number")
        writer.string(number)
        writer.key("version")
        writer.integer(version)
        writer.endObject()
    }
}
