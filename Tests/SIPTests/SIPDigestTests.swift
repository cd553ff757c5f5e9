import Testing

@testable import SIP

/// Digest challenges and credentials (RFC 3261 §22, §25.1; RFC 2617 §3.2; RFC 7616; RFC 8760):
/// the request-digest against the RFCs' published examples, the grammar both ways, and the
/// named refusals.
@Suite struct SIPDigestTests {
    /// RFC 2617 §3.5, unfolded as the message parser hands it over.
    static let rfc2617Challenge =
        "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""
    static let rfc2617Credentials =
        "Digest username=\"Mufasa\",  realm=\"testrealm@host.com\",  nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\",  uri=\"/dir/index.html\",  qop=auth,  nc=00000001,  cnonce=\"0a4f113b\",  response=\"6629fae49393a05397450978507c4ef1\",  opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""

    @Test func rfc2617WorkedExampleByteForByte() throws {
        let credentials = try #require(try SIPDigestCredentials.parse(Self.rfc2617Credentials))
        #expect(credentials.username == "Mufasa" && credentials.realm == "testrealm@host.com" && credentials.uri == "/dir/index.html")
        #expect(credentials.qop == .auth && credentials.nonceCount == 1 && credentials.cnonce == "0a4f113b" && credentials.algorithm == .md5)
        #expect(credentials.opaque == "5ccc069c403ebaf9f0171e9517f40e41")
        #expect(try credentials.expectedResponse(secret: .password("Circle Of Life"), method: "GET") == "6629fae49393a05397450978507c4ef1")
        #expect(try credentials.expectedResponse(secret: .password("Circle of Life"), method: "GET") != "6629fae49393a05397450978507c4ef1")

        // The client side, answering the section's challenge, sends the same credentials.
        let challenge = try #require(try SIPDigestChallenge.parse(Self.rfc2617Challenge))
        #expect(challenge.qopOptions == [.auth, .authInt] && challenge.algorithm == .md5 && !challenge.stale)
        let answer = try SIPDigestCredentials(
            answering: challenge, username: "Mufasa", secret: .password("Circle Of Life"), method: "GET", uri: "/dir/index.html", cnonce: "0a4f113b")
        #expect(answer == credentials)
        #expect(
            answer.text
                == "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", response=\"6629fae49393a05397450978507c4ef1\", algorithm=MD5, cnonce=\"0a4f113b\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\", qop=auth, nc=00000001"
        )
    }

    @Test func storedHA1ServesInsteadOfThePassword() throws {
        // H("Mufasa:testrealm@host.com:Circle Of Life"), computed with Python's hashlib.
        let ha1 = "939e7578ed9e3c518a452acee763bce9"
        #expect(SIPDigestAlgorithm.md5.ha1(username: "Mufasa", realm: "testrealm@host.com", password: "Circle Of Life") == ha1)
        let credentials = try #require(try SIPDigestCredentials.parse(Self.rfc2617Credentials))
        #expect(try credentials.expectedResponse(secret: .ha1(ha1, .md5), method: "GET") == "6629fae49393a05397450978507c4ef1")
        #expect(try credentials.expectedResponse(secret: .ha1(ha1.uppercased(), .md5), method: "GET") == "6629fae49393a05397450978507c4ef1")
        #expect(throws: SIPDigestError(.unsupportedAlgorithm, detail: "MD5 but the HA1 kept is SHA-256")) {
            try credentials.expectedResponse(secret: .ha1(String(repeating: "0", count: 64), .sha256), method: "GET")
        }
    }

    /// RFC 7616 §3.9.1: the same request answered with SHA-256 and with MD5; both responses are
    /// the published ones.
    @Test(arguments: [
        ("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"),
        ("MD5", "8ca523f5e9506fed4657c9700eebdbec"),
    ])
    func rfc7616Example(algorithm: String, response: String) throws {
        let value =
            "Digest username=\"Mufasa\", realm=\"http-auth@example.org\", uri=\"/dir/index.html\", algorithm=\(algorithm), nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", nc=00000001, cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\", qop=auth, response=\"\(response)\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\""
        let credentials = try #require(try SIPDigestCredentials.parse(value))
        #expect(credentials.algorithm.rawValue == algorithm)
        #expect(try credentials.expectedResponse(secret: .password("Circle of Life"), method: "GET") == response)
        #expect(try SIPDigestCredentials.parse(credentials.text) == credentials)
    }

    /// The variants without a published SIP example, against values computed independently
    /// with Python's hashlib for user alice, realm callplane.example, password s3cret, nonce
    /// abc, cnonce xyz, nc 2, REGISTER sip:callplane.example.
    @Test(arguments: [
        (SIPDigestAlgorithm.md5Session, SIPDigestQop.auth, "ad773014661deeb538c67bb5c37620a0"),
        (.sha256Session, .auth, "0ed688064da7fc967c556de5e375f3c819bf880ecf342507cc631c6fa617202a"),
        (.md5, .authInt, "00c134a76360dc75504f34cfa340ecb6"),
    ])
    func sessionAndIntegrityVariants(algorithm: SIPDigestAlgorithm, qop: SIPDigestQop, response: String) throws {
        let credentials = SIPDigestCredentials(
            username: "alice", realm: "callplane.example", nonce: "abc", uri: "sip:callplane.example", response: response, algorithm: algorithm,
            cnonce: "xyz", qop: qop, nonceCount: 2)
        let body = Array("v=0\r\n".utf8)
        #expect(try credentials.expectedResponse(secret: .password("s3cret"), method: .register, body: body) == response)
        if qop == .authInt {
            #expect(try credentials.expectedResponse(secret: .password("s3cret"), method: .register, body: Array("v=1\r\n".utf8)) != response)
        }
    }

    @Test func rfc2069FormWithoutQop() throws {
        let challenge = SIPDigestChallenge(realm: "callplane.example", nonce: "abc", qopOptions: [])
        let answer = try SIPDigestCredentials(
            answering: challenge, username: "alice", secret: .password("s3cret"), method: .register, uri: "sip:callplane.example", cnonce: "unused")
        // H(HA1:nonce:HA2), computed with Python's hashlib.
        #expect(answer.response == "24c1d5444014cf9d65d43879409d2bb9")
        #expect(answer.qop == nil && answer.cnonce == nil && answer.nonceCount == nil)
        #expect(answer.text.contains("qop") == false && answer.text.contains("cnonce") == false)
        let session = SIPDigestChallenge(realm: "callplane.example", nonce: "abc", algorithm: .md5Session, qopOptions: [])
        #expect(throws: SIPDigestError(.sessionAlgorithmWithoutQop, detail: "MD5-sess")) {
            try SIPDigestCredentials(answering: session, username: "a", secret: .password("p"), method: .register, uri: "sip:x", cnonce: "c")
        }
    }

    @Test func authIntIsChosenOnlyWhenAuthIsNotOffered() throws {
        let both = SIPDigestChallenge(realm: "r", nonce: "n", qopOptions: [.authInt, .auth])
        let onlyIntegrity = SIPDigestChallenge(realm: "r", nonce: "n", qopOptions: [.authInt])
        let secret = SIPDigestSecret.password("p")
        #expect(try SIPDigestCredentials(answering: both, username: "u", secret: secret, method: .register, uri: "sip:r", cnonce: "c").qop == .auth)
        #expect(try SIPDigestCredentials(answering: onlyIntegrity, username: "u", secret: secret, method: .register, uri: "sip:r", cnonce: "c").qop == .authInt)
    }

    // MARK: - Grammar

    /// RFC 3261 §20.44's example, with its odd `stale=FALSE` and empty opaque.
    @Test func challengeReadsAndWritesCanonically() throws {
        let value =
            "Digest realm=\"atlanta.com\", domain=\"sip:boxesbybob.com\", qop=\"auth\", nonce=\"f84f1cec41e6cbe5aea9c8e88d359\", opaque=\"\", stale=FALSE, algorithm=MD5"
        let challenge = try #require(try SIPDigestChallenge.parse(value))
        #expect(
            challenge
                == SIPDigestChallenge(
                    realm: "atlanta.com", nonce: "f84f1cec41e6cbe5aea9c8e88d359", opaque: "", stale: false, algorithm: .md5, qopOptions: [.auth],
                    domain: ["sip:boxesbybob.com"]))
        #expect(
            challenge.text
                == "Digest realm=\"atlanta.com\", nonce=\"f84f1cec41e6cbe5aea9c8e88d359\", opaque=\"\", algorithm=MD5, qop=\"auth\", domain=\"sip:boxesbybob.com\""
        )
        #expect(try SIPDigestChallenge.parse(challenge.text) == challenge)

        let stale = SIPDigestChallenge(
            realm: "r \"q\" \\", nonce: "n", stale: true, algorithm: .sha256, qopOptions: [.auth, .authInt], domain: ["sip:a", "sip:b"])
        #expect(stale.text == "Digest realm=\"r \\\"q\\\" \\\\\", nonce=\"n\", stale=true, algorithm=SHA-256, qop=\"auth,auth-int\", domain=\"sip:a sip:b\"")
        #expect(try SIPDigestChallenge.parse(stale.text) == stale)
    }

    @Test func challengeToleratesWhiteSpaceCaseAndQuotingVariants() throws {
        let value = "digest  REALM = \"a\" ,nonce=\"n\",\tqop=\" auth-int , auth,bogus\",algorithm=\"sha-256\",stale=TRUE, charset=UTF-8"
        let challenge = try #require(try SIPDigestChallenge.parse(value))
        #expect(challenge == SIPDigestChallenge(realm: "a", nonce: "n", stale: true, algorithm: .sha256, qopOptions: [.authInt, .auth]))
        let bare = try #require(try SIPDigestChallenge.parse("Digest realm=r, nonce=n"))
        #expect(bare.algorithm == .md5 && bare.qopOptions.isEmpty && bare.opaque == nil)
    }

    @Test func credentialsRoundTripWithEscapes() throws {
        let credentials = SIPDigestCredentials(
            username: "Alice \"A\" \\ Smith", realm: "callplane.example", nonce: "n0", uri: "sip:callplane.example;transport=tcp",
            response: String(repeating: "a", count: 64), algorithm: .sha256Session, cnonce: "c,n", opaque: "o", qop: .auth, nonceCount: 0xFFFF_FFFF)
        let text = credentials.text
        #expect(text.contains("username=\"Alice \\\"A\\\" \\\\ Smith\"") && text.contains("nc=ffffffff"))
        #expect(try SIPDigestCredentials.parse(text) == credentials)
    }

    @Test func lineBreaksCannotSplitTheHeader() throws {
        let challenge = SIPDigestChallenge(realm: "evil\r\nVia: injected", nonce: "n\u{01}")
        #expect(!challenge.text.utf8.contains(.cr) && !challenge.text.utf8.contains(.lf))
        let read = try #require(try SIPDigestChallenge.parse(challenge.text))
        #expect(read.realm == "evilVia: injected" && read.nonce == "n\u{01}")
    }

    @Test func otherSchemesAreNotDigest() throws {
        let message = try SIPMessageParser().parse(datagram: try TortureMessages.bytes("regaut01"))
        let value = try #require(message.headers.first(.authorization))
        #expect(try SIPDigestCredentials.parse(value) == nil)
        #expect(try message.headers.digestCredentials().isEmpty)
        #expect(try SIPDigestCredentials.parse("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==") == nil)
        #expect(try SIPDigestChallenge.parse("Bearer realm=\"example\"") == nil)
        #expect(try SIPDigestCredentials.parse("Digester username=\"a\"") == nil)
    }

    @Test func headersYieldTheDigestFieldsInOrder() throws {
        let headers: SIPHeaders = [
            .wwwAuthenticate: "Digest realm=\"r\", nonce=\"1\", algorithm=SHA-512-256, qop=\"auth\"",
            .wwwAuthenticate: "Digest realm=\"r\", nonce=\"1\", algorithm=SHA-256, qop=\"auth\"",
            .wwwAuthenticate: "Digest realm=\"r\", nonce=\"1\", algorithm=MD5, qop=\"auth\"",
            .wwwAuthenticate: "Newauth realm=\"r\"",
            .proxyAuthenticate: "Digest realm=\"proxy\", nonce=\"2\", qop=\"auth\"",
            .authorization: "NoOneKnowsThisScheme opaque-data=here",
            .authorization: SIPDigestTests.rfc2617Credentials,
        ]
        let challenges = headers.digestChallenges()
        #expect(challenges.map(\.algorithm) == [.sha256, .md5])
        #expect(SIPDigestChallenge.preferred(among: challenges)?.algorithm == .sha256)
        #expect(SIPDigestChallenge.preferred(among: challenges, realm: "elsewhere") == nil)
        #expect(headers.digestChallenges(.proxyAuthenticate).map(\.realm) == ["proxy"])
        #expect(try headers.digestCredentials().map(\.username) == ["Mufasa"])
        #expect(try headers.digestCredentials(.proxyAuthorization).isEmpty)
        let broken: SIPHeaders = [.authorization: "Digest username=\"a\", username=\"b\""]
        #expect(throws: SIPDigestError(.duplicateParameter, parameter: "username")) { try broken.digestCredentials() }
    }

    static let valid = "username=\"u\", realm=\"r\", nonce=\"n\", uri=\"sip:r\", response=\"\(String(repeating: "0", count: 32))\""

    @Test(arguments: [
        ("Digest realm=\"a\", REALM=\"b\", nonce=\"n\"", SIPDigestError(.duplicateParameter, parameter: "REALM")),
        ("Digest realm=\"a, nonce=\"n\"", SIPDigestError(.malformedParameter, parameter: "realm", detail: "no comma after the value")),
        ("Digest nonce=\"n\", realm=\"a", SIPDigestError(.unterminatedQuotedString, parameter: "realm")),
        ("Digest nonce=\"n\", realm=\"a\\", SIPDigestError(.unterminatedQuotedString, parameter: "realm")),
        ("Digest realm=\"a\", nonce=\"n\",", SIPDigestError(.malformedParameter, detail: "nothing after a comma")),
        ("Digest realm=\"a\" nonce=\"n\"", SIPDigestError(.malformedParameter, parameter: "realm", detail: "no comma after the value")),
        ("Digest realm=\"a\",, nonce=\"n\"", SIPDigestError(.malformedParameter, detail: "not a token")),
        ("Digest realm", SIPDigestError(.malformedParameter, parameter: "realm", detail: "no =")),
        ("Digest realm=<a>, nonce=\"n\"", SIPDigestError(.malformedParameter, parameter: "realm", detail: "value neither token nor quoted-string")),
        ("Digest", SIPDigestError(.malformedScheme, detail: "no parameters")),
        ("Digest,realm=\"a\"", SIPDigestError(.malformedScheme, detail: "no white space after Digest")),
        ("", SIPDigestError(.malformedScheme)),
        ("Digest realm=\"a\u{07}\", nonce=\"n\"", SIPDigestError(.malformedValue, parameter: "realm", detail: "control character in quoted-string")),
        ("Digest nonce=\"n\"", SIPDigestError(.missingParameter, parameter: "realm")),
        ("Digest realm=\"a\"", SIPDigestError(.missingParameter, parameter: "nonce")),
        ("Digest realm=\"a\", nonce=\"\"", SIPDigestError(.malformedValue, parameter: "nonce", detail: "empty")),
        ("Digest realm=\"a\", nonce=\"n\", stale=maybe", SIPDigestError(.malformedValue, parameter: "stale", detail: "maybe")),
        ("Digest realm=\"a\", nonce=\"n\", algorithm=SHA-512-256", SIPDigestError(.unsupportedAlgorithm, detail: "SHA-512-256")),
        ("Digest realm=\"a\", nonce=\"n\", qop=\"auth-conf\"", SIPDigestError(.unsupportedQop, detail: "auth-conf")),
    ])
    func challengeRefusals(value: String, error: SIPDigestError) {
        #expect(throws: error) { try SIPDigestChallenge.parse(value) }
    }

    /// `Digest` and credentials that are valid but for `suffix`.
    static func withValid(_ suffix: String = "", replacingZerosWith replacement: Character = "0") -> String {
        "Digest " + String(valid.map { $0 == "0" ? replacement : $0 }) + suffix
    }

    static let credentialsRefusalCases: [(String, SIPDigestError)] = [
        (withValid(", qop=auth, nc=00000001"), SIPDigestError(.missingParameter, parameter: "cnonce")),
        (withValid(", qop=auth, cnonce=\"c\""), SIPDigestError(.missingParameter, parameter: "nc")),
        (withValid(", cnonce=\"c\""), SIPDigestError(.unexpectedParameter, parameter: "cnonce")),
        (withValid(", nc=00000001"), SIPDigestError(.unexpectedParameter, parameter: "nc")),
        (
            withValid(", qop=auth, cnonce=\"c\", nc=1"),
            SIPDigestError(.malformedValue, parameter: "nc", detail: "not 8 lower-case hex digits")
        ),
        (
            withValid(", qop=auth, cnonce=\"c\", nc=0000000A"),
            SIPDigestError(.malformedValue, parameter: "nc", detail: "not 8 lower-case hex digits")
        ),
        (
            withValid(", qop=auth, cnonce=\"c\", nc=100000000"),
            SIPDigestError(.malformedValue, parameter: "nc", detail: "not 8 lower-case hex digits")
        ),
        (withValid(", qop=auth, cnonce=\"c\", nc=00000000"), SIPDigestError(.malformedValue, parameter: "nc", detail: "00000000")),
        (withValid(", qop=auth-conf, cnonce=\"c\", nc=00000001"), SIPDigestError(.unsupportedQop, detail: "auth-conf")),
        (withValid(", algorithm=MD5-sess"), SIPDigestError(.sessionAlgorithmWithoutQop, detail: "MD5-sess")),
        (
            withValid(", algorithm=SHA-256"),
            SIPDigestError(.malformedValue, parameter: "response", detail: "not 64 lower-case hex digits for SHA-256")
        ),
        (
            withValid(replacingZerosWith: "A"),
            SIPDigestError(.malformedValue, parameter: "response", detail: "not 32 lower-case hex digits for MD5")
        ),
        ("Digest realm=\"r\", nonce=\"n\", uri=\"sip:r\", response=\"0\"", SIPDigestError(.missingParameter, parameter: "username")),
        (
            "Digest username=\"\", realm=\"r\", nonce=\"n\", uri=\"sip:r\", response=\"0\"",
            SIPDigestError(.malformedValue, parameter: "username", detail: "empty")
        ),
        (withValid(", response=\"1\""), SIPDigestError(.duplicateParameter, parameter: "response")),
    ]

    @Test(arguments: credentialsRefusalCases)
    func credentialsRefusals(value: String, error: SIPDigestError) {
        #expect(throws: error) { try SIPDigestCredentials.parse(value) }
    }

    @Test func absurdValuesAreRefusedBeforeTheyAreRead() throws {
        let long = "Digest realm=\"" + String(repeating: "a", count: 5_000) + "\", nonce=\"n\""
        let tooLong = SIPDigestError(.valueTooLong, detail: "\(long.utf8.count) octets")
        #expect(throws: tooLong) { try SIPDigestChallenge.parse(long) }
        #expect(throws: tooLong) { try SIPDigestCredentials.parse(long) }
        let longest = "Digest realm=\"" + String(repeating: "a", count: 4_096 - 26) + "\", nonce=\"n\""
        #expect(longest.utf8.count == 4_096)
        #expect(try SIPDigestChallenge.parse(longest)?.realm.utf8.count == 4_070)
        let many = "Digest realm=\"a\", nonce=\"n\"" + (0..<31).map { ", p\($0)=x" }.joined()
        #expect(throws: SIPDigestError(.tooManyParameters, detail: "more than 32")) { try SIPDigestChallenge.parse(many) }
        let enough = "Digest realm=\"a\", nonce=\"n\"" + (0..<30).map { ", p\($0)=x" }.joined()
        #expect(throws: Never.self) { try SIPDigestChallenge.parse(enough) }
    }
}
