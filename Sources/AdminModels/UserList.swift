/// `GET /api/v1/users`: every user, by call number (shorter numbers first).
public struct UserList: Codable, Sendable, Hashable, JSONWritable {
    public var users: [UserView]

    public init(users: [UserView]) {
        self.users = users
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("users")
        writer.array(users)
        writer.endObject()
    }
}
