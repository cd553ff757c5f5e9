/// The FTP server that backup distribution stores a copy of each backup file on (manual
/// §5.6.4.2, "FTP distribution service"). The password is not part of it: the caller keeps it
/// sealed and hands it to ``FTPUploadClient`` unsealed for the one upload.
public struct FTPServerSettings: Sendable, Hashable {
    /// A host name or an IP address (`[…]` or bare for IPv6).
    public var host: String
    public var port: Int
    /// The account to log on with (`USER`).
    public var user: String
    /// Where on the server the files go: relative to the account's login directory, or absolute
    /// when it starts with "/"; empty for the login directory itself. Missing directories are
    /// created. "." and ".." are refused: libcurl would resolve them in the URL, not the server.
    public var directory: String
    public var security: FTPSecurity
    /// A PEM file with the roots the server's certificate must chain to instead of the system's
    /// (a server with a private CA). The certificate and its host name are always checked.
    public var caFile: String?

    public init(host: String, port: Int? = nil, user: String, directory: String = "", security: FTPSecurity = .explicitTLS, caFile: String? = nil) {
        self.host = host
        self.port = port ?? security.defaultPort
        self.user = user
        self.directory = directory
        self.security = security
        self.caFile = caFile
    }
}
