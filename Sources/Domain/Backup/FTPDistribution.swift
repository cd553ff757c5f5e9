/// Where the FTP distribution service (manual §5.6.4.2) stores its copy of each backup: the
/// server, the account and the directory. The password is sealed, never shown.
public struct FTPDistribution: Sendable, Hashable, Codable {
    /// A host name or an IP address (`[…]` for IPv6).
    public var host: String
    public var port: Int
    public var security: FTPSecurity
    public var user: String
    public var password: SealedSecret?
    /// The directory on the server, relative to the account's home; empty for the home itself.
    /// Created when missing.
    public var directory: String
    /// A PEM file on this server with the roots the FTP server's certificate must chain to.
    public var caFile: String?

    public init(
        host: String, port: Int? = nil, security: FTPSecurity = .explicitTLS, user: String, password: SealedSecret? = nil, directory: String = "",
        caFile: String? = nil
    ) {
        self.host = host
        self.port = port ?? security.defaultPort
        self.security = security
        self.user = user
        self.password = password
        self.directory = directory
        self.caFile = caFile
    }
}
