/// `GET /api/v1/session`, and the answer to a login (which alone carries the `token`): who is
/// logged in, with which authorization profile, and whether the password must change first.
public struct SessionView: Codable, Sendable, Hashable, JSONWritable {
    public var account: String
    public var profile: String
    public var level: String
    public var mustChangePassword: Bool
    public var idleTimeoutSeconds: Int
    public var remote: Bool
    public var interface: String
    public var since: String
    public var lastActivity: String
    public var token: String?

    public init(
        account: String, profile: String, level: String, mustChangePassword: Bool, idleTimeoutSeconds: Int, remote: Bool, interface: String,
        since: String, lastActivity: String, token: String? = nil
    ) {
        self.account = account
        self.profile = profile
        self.level = level
        self.mustChangePassword = mustChangePassword
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.remote = remote
        self.interface = interface
        self.since = since
        self.lastActivity = lastActivity
        self.token = token
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("account", account)
        writer.member("idleTimeoutSeconds", idleTimeoutSeconds)
        writer.member("interface", interface)
        writer.member("lastActivity", lastActivity)
        writer.member("level", level)
        writer.member("mustChangePassword", mustChangePassword)
        writer.member("profile", profile)
        writer.member("remote", remote)
        writer.member("since", since)
        if let token { writer.member("token", token) }
        writer.endObject()
    }
}
