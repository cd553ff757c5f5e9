/// How the system logs on to the SMTP server (issue 17, point 1; RFC 4954): not at all, or with
/// the mechanism named — the three the manual's failure codes know (Tab. 25: PLAIN, LOGIN,
/// CRAM-MD5), all offered by libcurl.
public enum SMTPAuthentication: String, Sendable, Hashable, Codable, CaseIterable {
    case none
    case plain
    case login
    case cramMD5 = "cram_md5"

    /// The SASL mechanism's name (`AUTH=` in libcurl's login options).
    public var mechanism: String? {
        switch self {
        case .none: nil
        case .plain: "PLAIN"
        case .login: "LOGIN"
        case .cramMD5: "CRAM-MD5"
        }
    }
}
