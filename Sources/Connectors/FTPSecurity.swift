/// How ``FTPUploadClient`` protects the session with an FTP server; the password goes over it,
/// and so does the backup.
public enum FTPSecurity: String, Sendable, Hashable, CaseIterable {
    /// Plain FTP: user name, password and file travel in the clear. Only for a server on a
    /// network the administrator trusts.
    case none
    /// FTPS with `AUTH TLS` on the ordinary FTP port (RFC 4217), control and data channel both
    /// encrypted. Required, never a fallback: a server that does not offer TLS fails the upload
    /// rather than receive the password in the clear.
    case explicitTLS
    /// FTPS with TLS from the first byte (`ftps://`, port 990 by convention), for servers that
    /// predate RFC 4217.
    case implicitTLS

    /// The port a server listens on when the settings name none.
    public var defaultPort: Int { self == .implicitTLS ? 990 : 21 }
}
