/// The `Digest` credentials of an `Authorization` or `Proxy-Authorization` header (RFC 3261
/// §22.2, §22.3, §25.1 `digest-response`; RFC 2617 §3.2.2; RFC 8760 §2.4): who the client says
/// it is and the request-digest that proves it knows the password.
public struct SIPDigestCredentials: Sendable, Hashable, CustomStringConvertible {
    public var username: String
    public var realm: String
    /// The server's nonce, returned as received.
    public var nonce: String
    /// `digest-uri`: the Request-URI as the client wrote it (RFC 3261 §22.4), which the server
    /// checks against the request's own (RFC 2617 §3.2.2.5) and hashes as written.
    public var uri: String
    /// The request-digest in lower-case hex, ``SIPDigestAlgorithm/hexLength`` digits.
    public var response: String
    /// MD5 when the credentials name none (RFC 2617 §3.2.2).
    public var algorithm: SIPDigestAlgorithm
    /// The client's nonce; present exactly when ``qop`` is (RFC 2617 §3.2.2).
    public var cnonce: String?
    /// The challenge's opaque, returned unchanged.
    public var opaque: String?
    /// `nil` for the RFC 2069 form, which has neither ``cnonce`` nor ``nonceCount``.
    public var qop: SIPDigestQop?
    /// `nc`: how many requests the client has sent with this nonce, from 1 (RFC 2617 §3.2.2);
    /// written as eight hex digits.
    public var nonceCount: UInt32?

    public init(
        username: String, realm: String, nonce: String, uri: String, response: String, algorithm: SIPDigestAlgorithm = .md5, cnonce: String? = nil,
        opaque: String? = nil, qop: SIPDigestQop? = nil, nonceCount: UInt32? = nil
    ) {
        self.username = username
        self.realm = realm
        self.nonce = nonce
        self.uri = uri
        self.response = response
        self.algorithm = algorithm
        self.cnonce = cnonce
        self.opaque = opaque
        self.qop = qop
        self.nonceCount = nonceCount
    }

    public var description: String { text }

    /// Checks what the parser checks, for credentials built in code too: `cnonce` and `nc`
    /// beside `qop` and only there (RFC 2617 §3.2.2), `nc` from 1, a `-sess` algorithm only with
    /// `qop`, non-empty `username`, `nonce` and `uri`, and a `response` of the algorithm's length
    /// in lower-case hex (RFC 3261 §25.1 `request-digest`, RFC 8760 §2.5).
    public func validate() throws(SIPDigestError) {
        for (name, value) in [("username", username), ("nonce", nonce), ("uri", uri)] where value.isEmpty {
            throw SIPDigestError(.malformedValue, parameter: name, detail: "empty")
        }
        if qop != nil {
            guard cnonce != nil else { throw SIPDigestError(.missingParameter, parameter: "cnonce") }
            guard let nonceCount else { throw SIPDigestError(.missingParameter, parameter: "nc") }
            guard nonceCount > 0 else { throw SIPDigestError(.malformedValue, parameter: "nc", detail: "00000000") }
        } else {
            guard cnonce == nil else { throw SIPDigestError(.unexpectedParameter, parameter: "cnonce") }
            guard nonceCount == nil else { throw SIPDigestError(.unexpectedParameter, parameter: "nc") }
            guard !algorithm.isSession else { throw SIPDigestError(.sessionAlgorithmWithoutQop, detail: algorithm.rawValue) }
        }
        guard response.utf8.count == algorithm.hexLength, response.utf8.allSatisfy(SIPDigestCredentials.isLowercaseHex) else {
            throw SIPDigestError(
                .malformedValue, parameter: "response", detail: "not " + String(algorithm.hexLength) + " lower-case hex digits for " + algorithm.rawValue)
        }
    }

    /// `LHEX = DIGIT / %x61-66` (RFC 3261 §25.1).
    static func isLowercaseHex(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte)
    }
}
