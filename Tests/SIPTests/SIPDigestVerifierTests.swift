import Testing

@testable import SIP

/// The registrar's side against the client's: challenges out, credentials back through their
/// header text, a verdict for each way a REGISTER can be right or wrong.
@Suite struct SIPDigestVerifierTests {
    static let realm = "callplane.example"
    static let now: UInt64 = 1_767_225_600
    static let requestURI = SIPAddrSpec.sip(SIPURI(host: .hostname("callplane.example")))
    let verifier = SIPDigestVerifier(realm: SIPDigestVerifierTests.realm, nonces: SIPDigestNonce(secret: Array(repeating: 7, count: 32)))

    /// What a phone sends after the 401: the challenge it prefers answered, written as a header
    /// value and read back as the registrar reads it.
    func answer(
        _ challenge: SIPDigestChallenge, password: String = "s3cret", uri: String = "sip:callplane.example", body: [UInt8] = []
    ) throws -> SIPDigestCredentials {
        let credentials = try SIPDigestCredentials(
            answering: challenge, username: "2001", secret: .password(password), method: .register, uri: uri, cnonce: "a1b2c3", nonceCount: 1, body: body)
        return try #require(try SIPDigestCredentials.parse(credentials.text))
    }

    func verify(_ credentials: SIPDigestCredentials, secret: SIPDigestSecret = .password("s3cret"), at now: UInt64 = SIPDigestVerifierTests.now)
        -> SIPDigestVerifier.Verdict
    {
        verifier.verify(credentials, method: .register, requestURI: Self.requestURI, secret: secret, at: now)
    }

    @Test func challengesOfferSHA256FirstThenMD5WithOneNonce() throws {
        let challenges = verifier.challenges(at: Self.now)
        #expect(challenges.map(\.algorithm) == [.sha256, .md5])
        #expect(challenges.allSatisfy { $0.realm == Self.realm && $0.qopOptions == [.auth] && !$0.stale && $0.nonce == challenges[0].nonce })
        #expect(verifier.nonces.verify(challenges[0].nonce, realm: Self.realm, at: Self.now) == .valid)
        #expect(verifier.challenges(at: Self.now, stale: true).allSatisfy { $0.stale })
        let headers = SIPHeaders(challenges.map { (SIPHeaderName.wwwAuthenticate, $0.text) })
        #expect(headers.digestChallenges() == challenges)
    }

    @Test(arguments: [SIPDigestAlgorithm.sha256, .md5])
    func clientCredentialsAreAuthenticated(algorithm: SIPDigestAlgorithm) throws {
        let challenge = try #require(verifier.challenges(at: Self.now).first { $0.algorithm == algorithm })
        let credentials = try answer(challenge)
        #expect(credentials.algorithm == algorithm && credentials.response.utf8.count == algorithm.hexLength)
        #expect(verify(credentials) == .authenticated)
        #expect(verify(credentials, at: Self.now + 300) == .authenticated)
        let ha1 = algorithm.ha1(username: "2001", realm: Self.realm, password: "s3cret")
        #expect(verify(credentials, secret: .ha1(ha1, algorithm)) == .authenticated)
    }

    @Test(arguments: [SIPDigestAlgorithm.md5Session, .sha256Session])
    func sessionAlgorithmsWhenOffered(algorithm: SIPDigestAlgorithm) throws {
        var verifier = verifier
        verifier.algorithms = [algorithm]
        let challenge = try #require(verifier.challenges(at: Self.now).first)
        let credentials = try answer(challenge)
        #expect(verifier.verify(credentials, method: .register, requestURI: Self.requestURI, secret: .password("s3cret"), at: Self.now) == .authenticated)
        #expect(verifier.verify(credentials, method: .register, requestURI: Self.requestURI, secret: .password("s3cret!"), at: Self.now) == .wrongPassword)
        let ha1 = algorithm.ha1(username: "2001", realm: Self.realm, password: "s3cret")
        #expect(verifier.verify(credentials, method: .register, requestURI: Self.requestURI, secret: .ha1(ha1, algorithm.base), at: Self.now) == .authenticated)
    }

    @Test func wrongPasswordIsRefused() throws {
        for challenge in verifier.challenges(at: Self.now) {
            #expect(verify(try answer(challenge, password: "s3cret ")) == .wrongPassword)
            #expect(verify(try answer(challenge), secret: .password("other")) == .wrongPassword)
        }
    }

    /// RFC 2617 §3.2.1: stale only for a nonce that is too old *and* a response that proves the
    /// password.
    @Test func staleOnlyWithTheRightPassword() throws {
        let challenge = verifier.challenges(at: Self.now)[0]
        #expect(verify(try answer(challenge), at: Self.now + 301) == .stale)
        #expect(verify(try answer(challenge, password: "guess"), at: Self.now + 301) == .wrongPassword)
    }

    @Test func forgedNonceIsInvalid() throws {
        var challenge = verifier.challenges(at: Self.now)[0]
        let other = SIPDigestNonce(secret: Array(repeating: 8, count: 32))
        challenge.nonce = other.mint(realm: Self.realm, at: Self.now)
        #expect(verify(try answer(challenge)) == .invalidNonce)
        challenge.nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093"
        #expect(verify(try answer(challenge)) == .invalidNonce)
    }

    @Test func uriMustNameTheRequestURI() throws {
        let challenge = verifier.challenges(at: Self.now)[0]
        #expect(verify(try answer(challenge, uri: "sip:other.example")) == .uriMismatch)
        #expect(verify(try answer(challenge, uri: "sip:callplane.example;transport=tcp")) == .uriMismatch)
        #expect(verify(try answer(challenge, uri: "sips:callplane.example")) == .uriMismatch)
        #expect(verify(try answer(challenge, uri: "not a uri")) == .uriMismatch)
        // Equivalent by RFC 3261 §19.1.4 (host case-insensitive); the hash covers the text sent.
        #expect(verify(try answer(challenge, uri: "sip:CallPlane.Example")) == .authenticated)
        let tel = try SIPAddrSpec("tel:+15551234")
        let credentials = try answer(challenge, uri: "TEL:+15551234")
        #expect(verifier.verify(credentials, method: .register, requestURI: tel, secret: .password("s3cret"), at: Self.now) == .authenticated)
    }

    @Test func otherRealmIsNotOurs() throws {
        var challenge = verifier.challenges(at: Self.now)[0]
        challenge.realm = "elsewhere.example"
        #expect(verify(try answer(challenge)) == .wrongRealm)
    }

    @Test func algorithmsNotOfferedOrWithoutHA1() throws {
        var verifier = verifier
        verifier.algorithms = [.sha256]
        let md5 = try answer(SIPDigestChallenge(realm: Self.realm, nonce: verifier.nonces.mint(realm: Self.realm, at: Self.now)))
        #expect(verifier.verify(md5, method: .register, requestURI: Self.requestURI, secret: .password("s3cret"), at: Self.now) == .unsupportedAlgorithm)
        let sha256 = try answer(verifier.challenges(at: Self.now)[0])
        let md5HA1 = SIPDigestAlgorithm.md5.ha1(username: "2001", realm: Self.realm, password: "s3cret")
        #expect(verifier.verify(sha256, method: .register, requestURI: Self.requestURI, secret: .ha1(md5HA1, .md5), at: Self.now) == .unsupportedAlgorithm)
    }

    /// RFC 3261 §22.4: the challenge offered qop, so credentials without it are malformed unless
    /// the registrar chose to accept RFC 2069 clients.
    @Test func credentialsWithoutQop() throws {
        let nonce = verifier.nonces.mint(realm: Self.realm, at: Self.now)
        let credentials = try answer(SIPDigestChallenge(realm: Self.realm, nonce: nonce, algorithm: .sha256, qopOptions: []))
        #expect(verify(credentials) == .malformed(SIPDigestError(.missingParameter, parameter: "qop")))
        var lenient = verifier
        lenient.acceptsCredentialsWithoutQop = true
        #expect(lenient.verify(credentials, method: .register, requestURI: Self.requestURI, secret: .password("s3cret"), at: Self.now) == .authenticated)
    }

    @Test func authIntCoversTheBody() throws {
        let nonce = verifier.nonces.mint(realm: Self.realm, at: Self.now)
        let body = Array("<xml/>".utf8)
        let credentials = try answer(SIPDigestChallenge(realm: Self.realm, nonce: nonce, algorithm: .sha256, qopOptions: [.authInt]), body: body)
        #expect(credentials.qop == .authInt)
        let verdict = { (body: [UInt8]) in
            self.verifier.verify(credentials, method: .register, requestURI: Self.requestURI, body: body, secret: .password("s3cret"), at: Self.now)
        }
        #expect(verdict(body) == .authenticated)
        #expect(verdict(Array("<xml />".utf8)) == .wrongPassword)
    }

    @Test func methodIsCovered() throws {
        let credentials = try answer(verifier.challenges(at: Self.now)[0])
        #expect(verifier.verify(credentials, method: .invite, requestURI: Self.requestURI, secret: .password("s3cret"), at: Self.now) == .wrongPassword)
    }

    @Test func credentialsBuiltInCodeAreCheckedToo() throws {
        var credentials = try answer(verifier.challenges(at: Self.now)[0])
        credentials.response = String(repeating: "A", count: 64)
        #expect(verify(credentials) == .malformed(SIPDigestError(.malformedValue, parameter: "response", detail: "not 64 lower-case hex digits for SHA-256")))
        credentials = try answer(verifier.challenges(at: Self.now)[0])
        credentials.cnonce = nil
        #expect(verify(credentials) == .malformed(SIPDigestError(.missingParameter, parameter: "cnonce")))
    }

    @Test func responsesCompareByEveryOctet() {
        let a = String(repeating: "0", count: 64)
        #expect(SIPDigestVerifier.constantTimeEquals(a, a))
        #expect(!SIPDigestVerifier.constantTimeEquals(a, String(a.dropLast()) + "1"))
        #expect(!SIPDigestVerifier.constantTimeEquals(a, "1" + a.dropFirst()))
        #expect(!SIPDigestVerifier.constantTimeEquals(a, String(a.dropLast())))
    }

    @Test func secretsNeverPrint() {
        let secret = SIPDigestSecret.password("hunter2")
        #expect(!String(describing: secret).contains("hunter2") && !String(reflecting: secret).contains("hunter2"))
        #expect(!"\(SIPDigestSecret.ha1("939e7578ed9e3c518a452acee763bce9", .md5Session))".contains("939e"))
    }
}
