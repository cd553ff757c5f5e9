/// What a side knows to compute a request-digest: the plaintext password (what the registrar
/// unseals for the terminal and what a trunk is configured with), or the HA1 a server may keep
/// instead (RFC 2617 §3.2.2.2 notes HA1 is as good as the password within its realm, but is
/// useless for any other realm).
///
/// Its descriptions never show the secret, so it cannot leak into a log by interpolation.
public enum SIPDigestSecret: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    case password(String)
    /// `H(username:realm:password)` in lower-case hex as ``SIPDigestAlgorithm/ha1(username:realm:password:)``
    /// returns it, and the algorithm it was made with; it serves that algorithm and its `-sess`
    /// variant only.
    case ha1(String, SIPDigestAlgorithm)

    public var description: String {
        switch self {
        case .password: "password(redacted)"
        case .ha1(_, let algorithm): "ha1(redacted, " + algorithm.base.rawValue + ")"
        }
    }

    public var debugDescription: String { description }
}
