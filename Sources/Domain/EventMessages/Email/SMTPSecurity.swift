/// How the connection to the SMTP server is protected (issue 17, point 1): not at all (a relay
/// on the local network), STARTTLS on the submission port (RFC 3207), or TLS from the first byte
/// ("implicit TLS", RFC 8314 §3.3).
public enum SMTPSecurity: String, Sendable, Hashable, Codable, CaseIterable {
    case none
    case starttls
    case tls

    /// The port a server of this kind listens on when none is given: 25 (RFC 5321), 587
    /// (submission, RFC 6409) and 465 (submissions, RFC 8314 §7.3).
    public var defaultPort: Int {
        switch self {
        case .none: 25
        case .starttls: 587
        case .tls: 465
        }
    }
}
