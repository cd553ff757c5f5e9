/// The SMTP server as the administrator gives it, the password in plaintext; `decide` seals
/// it. `password: nil` keeps the stored one, so changing the sender does not mean typing the
/// mailbox's password again.
public struct SMTPServerDraft: Sendable, Hashable {
    public var host: String
    public var port: Int?
    public var security: SMTPSecurity
    public var authentication: SMTPAuthentication
    public var user: String?
    public var password: String?
    public var sender: String
    public var caFile: String?

    public init(
        host: String, port: Int? = nil, security: SMTPSecurity = .starttls, authentication: SMTPAuthentication = .none, user: String? = nil,
        password: String? = nil, sender: String, caFile: String? = nil
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.authentication = authentication
        self.user = user
        self.password = password
        self.sender = sender
        self.caFile = caFile
    }
}
