extension SIPDigestCredentials {
    /// The credentials a client sends when it repeats a request after `challenge` (RFC 3261
    /// §22.2 for a 401, §22.3 for a 407; RFC 2617 §3.2.2): the challenge's realm, nonce, opaque
    /// and algorithm, `qop=auth` when offered (else `auth-int`, else none for an RFC 2069
    /// challenge), and the request-digest of ``expectedResponse(secret:method:body:)``.
    ///
    /// `cnonce` and `nonceCount` are inputs, not drawn here, so the caller owns the randomness
    /// and the count (RFC 2617 §3.2.2: `nc` counts the requests sent with one nonce, from 1)
    /// and tests are repeatable; both are left out when the challenge offers no `qop`.
    ///
    /// - Parameters:
    ///   - challenge: the challenge chosen with ``SIPDigestChallenge/preferred(among:realm:)``.
    ///   - username: the user part the server knows the account by.
    ///   - secret: the password, or an HA1 made with the challenge's algorithm.
    ///   - method: the method of the request being authenticated.
    ///   - uri: the Request-URI of the request being authenticated, as written on its
    ///     Request-Line (RFC 3261 §22.4).
    ///   - cnonce: fresh random text for each challenge answered.
    ///   - nonceCount: 1 for the first request with this nonce, one more for each after it.
    ///   - body: hashed only for `auth-int`.
    public init(
        answering challenge: SIPDigestChallenge, username: String, secret: SIPDigestSecret, method: SIPMethod, uri: String, cnonce: String,
        nonceCount: UInt32 = 1, body: [UInt8] = []
    ) throws(SIPDigestError) {
        let qop: SIPDigestQop? = challenge.qopOptions.contains(.auth) ? .auth : challenge.qopOptions.first
        self.init(
            username: username, realm: challenge.realm, nonce: challenge.nonce, uri: uri, response: "", algorithm: challenge.algorithm,
            cnonce: qop == nil ? nil : cnonce, opaque: challenge.opaque, qop: qop, nonceCount: qop == nil ? nil : nonceCount)
        response = try expectedResponse(secret: secret, method: method, body: body)
    }
}
