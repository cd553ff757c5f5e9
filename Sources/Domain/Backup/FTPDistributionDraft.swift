/// The FTP distribution as the administrator gives it, the password in plaintext.
public struct FTPDistributionDraft: Sendable, Hashable {
    public var host: String
    public var port: Int?
    public var security: FTPSecurity
    public var user: String
    public var password: String?
    public var directory: String
    public var caFile: String?

    public init(
        host: String, port: Int? = nil, security: FTPSecurity = .explicitTLS, user: String, password: String? = nil, directory: String = "",
        caFile: String? = nil
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.user = user
        self.password = password
        self.directory = directory
        self.caFile = caFile
    }
}
