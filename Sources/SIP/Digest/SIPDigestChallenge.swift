/// One `Digest` challenge of a `WWW-Authenticate` or `Proxy-Authenticate` header (RFC 3261
/// §22.1, §25.1 `challenge`; RFC 2617 §3.2.1; RFC 7616 §3.3; RFC 8760 §2.3).
///
/// A server that offers several algorithms sends one header field per challenge, the one it
/// prefers first (RFC 8760 §2.3): SHA-256, then MD5 for the phones that know nothing else.
public struct SIPDigestChallenge: Sendable, Hashable, CustomStringConvertible {
    /// The protection space, shown to the user and hashed into HA1; compared exactly.
    public var realm: String
    public var nonce: String
    /// Returned unchanged by the client (RFC 2617 §3.2.1); `nil` when the server sends none.
    public var opaque: String?
    /// The previous request was refused only because its nonce had expired: the client
    /// retries with the new nonce without asking the user again (RFC 2617 §3.2.1).
    public var stale: Bool
    /// MD5 when the challenge names none (RFC 2617 §3.2.1).
    public var algorithm: SIPDigestAlgorithm
    /// Empty for an RFC 2069 challenge without `qop`; RFC 3261 §22.4 has a server always send
    /// one. Options this stack does not know are dropped when read, as RFC 2617 §3.2.1 asks.
    public var qopOptions: [SIPDigestQop]
    /// The URIs of the protection space (`domain`, RFC 2617 §3.2.1), as written.
    public var domain: [String]

    public init(
        realm: String, nonce: String, opaque: String? = nil, stale: Bool = false, algorithm: SIPDigestAlgorithm = .md5,
        qopOptions: [SIPDigestQop] = [.auth], domain: [String] = []
    ) {
        self.realm = realm
        self.nonce = nonce
        self.opaque = opaque
        self.stale = stale
        self.algorithm = algorithm
        self.qopOptions = qopOptions
        self.domain = domain
    }

    public var description: String { text }

    /// The challenge a client answers among those of one response: per RFC 8760 §2.4, the
    /// topmost it supports for `realm` (any realm when `nil`). Challenges that failed to parse,
    /// unknown algorithms among them, are not in the list to begin with; see
    /// ``SIPHeaders/digestChallenges(_:)``.
    public static func preferred(among challenges: [SIPDigestChallenge], realm: String? = nil) -> SIPDigestChallenge? {
        challenges.first { realm == nil || $0.realm == realm }
    }
}
