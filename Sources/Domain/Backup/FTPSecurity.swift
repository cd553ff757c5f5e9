/// How the connection to the distribution service's FTP server is protected: not at all, TLS
/// after `AUTH TLS` on the control port (explicit FTPS, RFC 4217; required, never a fallback to
/// clear text), or TLS from the first byte (implicit FTPS). A backup is sealed either way; TLS
/// keeps the account's password off the wire.
public enum FTPSecurity: String, Sendable, Hashable, Codable, CaseIterable {
    case none
    case explicitTLS = "explicit_tls"
    case implicitTLS = "implicit_tls"

    /// 21 (RFC 959) for plain and explicit FTPS, 990 for implicit FTPS.
    public var defaultPort: Int { self == .implicitTLS ? 990 : 21 }
}
