/// The server side of digest authentication for one realm (RFC 3261 §22.1, §22.4; RFC 2617
/// §3.2; RFC 8760 §2.3): the challenges of a 401 or 407, and the verdict on the credentials of
/// the repeated request, from which a registrar picks its answer (``Verdict``).
///
/// Stateless: the nonces carry their own time and authenticity (``SIPDigestNonce``), no
/// `opaque` is sent because nothing needs carrying back, and no `nc` is tracked (see
/// ``SIPDigestNonce`` for why replay stays bounded).
public struct SIPDigestVerifier: Sendable {
    public var realm: String
    public var nonces: SIPDigestNonce
    /// The algorithms offered, one challenge each, in the order of preference RFC 8760 §2.3
    /// has the server list them: SHA-256 first, MD5 second. Credentials of any other algorithm
    /// are answered ``Verdict/unsupportedAlgorithm``.
    public var algorithms: [SIPDigestAlgorithm]
    /// Whether RFC 2069 credentials without `qop` are accepted. RFC 3261 §22.4 keeps `qop`
    /// "optional for clients and servers to receive" for RFC 2543 clients, but also has
    /// servers "always send a qop parameter" and a client that received one "MUST send the qop
    /// parameter" back. Every challenge here offers `qop=auth`, so only a client breaking that
    /// MUST omits it, and its response would carry no cnonce to vary the hash: off by default,
    /// for a registrar that must serve an RFC 2543 phone to turn on.
    public var acceptsCredentialsWithoutQop: Bool

    public init(
        realm: String, nonces: SIPDigestNonce, algorithms: [SIPDigestAlgorithm] = [.sha256, .md5], acceptsCredentialsWithoutQop: Bool = false
    ) {
        self.realm = realm
        self.nonces = nonces
        self.algorithms = algorithms
        self.acceptsCredentialsWithoutQop = acceptsCredentialsWithoutQop
    }

    /// One challenge per offered algorithm, in ``algorithms`` order, sharing one nonce minted
    /// at `now`, each offering `qop="auth"`; `stale` after a ``Verdict/stale`` verdict. Each is
    /// one `WWW-Authenticate` (401) or `Proxy-Authenticate` (407) field.
    public func challenges(at now: UInt64, stale: Bool = false) -> [SIPDigestChallenge] {
        let nonce = nonces.mint(realm: realm, at: now)
        return algorithms.map { SIPDigestChallenge(realm: realm, nonce: nonce, stale: stale, algorithm: $0, qopOptions: [.auth]) }
    }

    /// Judges `credentials` sent on a request of `method` to `requestURI` with `body`, against
    /// the `secret` of the user they name, at `now` (seconds since the epoch).
    ///
    /// The order of the checks decides what a wrong answer reveals: the realm, algorithm and
    /// `uri` are public; the nonce is checked for authenticity before any hashing; the
    /// response is compared in constant time; and only credentials that prove the password
    /// learn that their nonce is stale, as RFC 2617 §3.2.1 asks ("only if ... the nonce is
    /// invalid but with a valid digest for that nonce").
    public func verify(
        _ credentials: SIPDigestCredentials, method: SIPMethod, requestURI: SIPAddrSpec, body: [UInt8] = [], secret: SIPDigestSecret, at now: UInt64
    ) -> Verdict {
        do {
            try credentials.validate()
        } catch {
            return .malformed(error)
        }
        guard credentials.realm == realm else { return .wrongRealm }
        guard algorithms.contains(credentials.algorithm) else { return .unsupportedAlgorithm }
        if credentials.qop == nil, !acceptsCredentialsWithoutQop {
            return .malformed(SIPDigestError(.missingParameter, parameter: "qop"))
        }
        guard SIPDigestVerifier.uri(credentials.uri, matches: requestURI) else { return .uriMismatch }
        let nonce = nonces.verify(credentials.nonce, realm: realm, at: now)
        guard nonce != .invalid else { return .invalidNonce }
        let expected: String
        do {
            expected = try credentials.expectedResponse(secret: secret, method: method, body: body)
        } catch {
            return error.rule == .unsupportedAlgorithm ? .unsupportedAlgorithm : .malformed(error)
        }
        guard SIPDigestVerifier.constantTimeEquals(expected, credentials.response) else { return .wrongPassword }
        return nonce == .stale ? .stale : .authenticated
    }

    /// RFC 2617 §3.2.2.5: the `uri` of the credentials must name the Request-URI, or a request
    /// could be authenticated with the digest of another. Equal text matches; otherwise both
    /// are read and compared as RFC 3261 §19.1.4 compares SIP URIs, other schemes with the
    /// scheme case-insensitively and the rest exactly. A `uri` that does not read as a URI
    /// does not match.
    static func uri(_ digestURI: String, matches requestURI: SIPAddrSpec) -> Bool {
        if digestURI == requestURI.description { return true }
        guard let parsed = try? SIPAddrSpec(digestURI) else { return false }
        switch (parsed, requestURI) {
        case (.sip(let a), .sip(let b)):
            return a.isEquivalent(to: b)
        case (.absolute(let a), .absolute(let b)):
            return SIPParameters.namesEqual(a.scheme, b.scheme) && a.rest == b.rest
        default:
            return false
        }
    }

    /// Compares every octet whatever the first difference, so the time taken does not tell an
    /// attacker how many leading digits of a guess were right. The length is the algorithm's,
    /// public already.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
