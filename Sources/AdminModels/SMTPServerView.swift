import Domain

/// `GET /api/v1/email/smtp`: the SMTP server e-mail goes through. The password is never shown,
/// only whether one is stored.
public struct SMTPServerView: Codable, Sendable, Hashable, JSONWritable {
    public var host: String
    public var port: Int
    public var security: String
    public var authentication: String
    public var user: String?
    public var passwordSet: Bool
    public var sender: String
    public var caFile: String?
    /// Whether a server has been set; until then the other members are the form's defaults.
    public var configured: Bool
    /// The stream version: the `ETag`, and what `If-Match` must name.
    public var version: Int64

    public init(_ settings: SMTPServerSettings, version: Int64) {
        host = settings.host
        port = settings.port
        security = settings.security.rawValue
        authentication = settings.authentication.rawValue
        user = settings.user
        passwordSet = settings.password != nil
        sender = settings.sender
        caFile = settings.caFile
        configured = true
        self.version = version
    }

    /// Before any server is set: STARTTLS on 587, no authentication, nothing filled in.
    public init(unsetAt version: Int64) {
        self.init(SMTPServerSettings(host: "", sender: ""), version: version)
        configured = false
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("authentication", authentication)
        writer.member("caFile", caFile)
        writer.member("configured", configured)
        writer.member("host", host)
        writer.member("passwordSet", passwordSet)
        writer.member("port", port)
        writer.member("security", security)
        writer.member("sender", sender)
        writer.member("user", user)
        writer.member("version", version)
        writer.endObject()
    }
}
