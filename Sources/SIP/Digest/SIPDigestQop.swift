/// The quality of protection of RFC 2617 §3.2.1: `auth` covers the method and URI, `auth-int`
/// adds a hash of the body (§3.2.2.3). Other tokens are ignored in a challenge, as §3.2.1 asks,
/// and refused in credentials.
public enum SIPDigestQop: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case auth = "auth"
    case authInt = "auth-int"

    /// Reads a `qop-value`; RFC 2617 spells them in lower case, compared here without regard to
    /// case as HTTP tokens are.
    public init?(token: String) {
        guard let qop = SIPDigestQop.allCases.first(where: { SIPParameters.namesEqual($0.rawValue, token) }) else { return nil }
        self = qop
    }

    public var description: String { rawValue }
}
