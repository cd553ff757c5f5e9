/// A user account as the API shows it (`GET /api/v1/accounts/{name}`, one row of the list):
/// never a password or a hash.
public struct AccountView: Codable, Sendable, Hashable, JSONWritable {
    public var name: String
    public var profile: String
    public var predefined: Bool
    public var mustChangePassword: Bool
    public var blocked: Bool
    /// Failed logins in a row since the last success (manual §5.3.1.3: blocked after 5).
    public var failedAttempts: Int
    /// The account's stream version: the `ETag`, and what `If-Match` must name.
    public var version: Int64

    public init(name: String, profile: String, predefined: Bool, mustChangePassword: Bool, blocked: Bool, failedAttempts: Int, version: Int64) {
        self.name = name
        self.profile = profile
        self.predefined = predefined
        self.mustChangePassword = mustChangePassword
        self.blocked = blocked
        self.failedAttempts = failedAttempts
        self.version = version
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("blocked")
        writer.bool(blocked)
        writer.key("failedAttempts")
        writer.integer(failedAttempts)
        writer.key("mustChangePassword")
        writer.bool(mustChangePassword)
        writer.key("name")
        writer.string(name)
        writer.key("predefined")
        writer.bool(predefined)
        writer.key("profile")
        writer.string(profile)
        writer.key("version")
        writer.integer(version)
        writer.endObject()
    }
}
