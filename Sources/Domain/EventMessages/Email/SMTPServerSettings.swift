/// The SMTP server the system sends its e-mail through (issue 17, point 1; manual §6.3.1.3,
/// "E-mail signal destination"): one for the whole system, whatever sends the e-mail (event
/// messages today, auto backup later). The password is sealed, never shown.
public struct SMTPServerSettings: Sendable, Hashable, Codable {
    /// A host name or an IP address (`[…]` for IPv6).
    public var host: String
    public var port: Int
    public var security: SMTPSecurity
    public var authentication: SMTPAuthentication
    /// The user name to log on with; required unless `authentication` is `none`.
    public var user: String?
    public var password: SealedSecret?
    /// The address the e-mail comes from (`MAIL FROM` and `From:`).
    public var sender: String
    /// A PEM file on the server with the roots the server's certificate must chain to, instead
    /// of the system's (a mail server with a private CA).
    public var caFile: String?

    public init(
        host: String, port: Int? = nil, security: SMTPSecurity = .starttls, authentication: SMTPAuthentication = .none, user: String? = nil,
        password: SealedSecret? = nil, sender: String, caFile: String? = nil
    ) {
        self.host = host
        self.port = port ?? security.defaultPort
        self.security = security
        self.authentication = authentication
        self.user = user
        self.password = password
        self.sender = sender
        self.caFile = caFile
    }
}
