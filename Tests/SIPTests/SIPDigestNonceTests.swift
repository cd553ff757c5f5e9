import Testing

@testable import SIP

/// The server's stateless nonces: authentic and fresh, authentic and old, or not ours; every
/// instant is a fixed number of seconds since the epoch.
@Suite struct SIPDigestNonceTests {
    static let secret = Array("0123456789abcdef0123456789abcdef".utf8)
    static let minted: UInt64 = 1_767_225_600
    let nonces = SIPDigestNonce(secret: SIPDigestNonceTests.secret)

    @Test func validWithinTheLifetimeStaleAfterIt() {
        let nonce = nonces.mint(realm: "callplane.example", at: Self.minted)
        #expect(nonces.lifetime == 300)
        #expect(nonces.verify(nonce, realm: "callplane.example", at: Self.minted) == .valid)
        #expect(nonces.verify(nonce, realm: "callplane.example", at: Self.minted + 300) == .valid)
        #expect(nonces.verify(nonce, realm: "callplane.example", at: Self.minted + 301) == .stale)
        #expect(nonces.verify(nonce, realm: "callplane.example", at: UInt64.max) == .stale)
        // Stamped after now: the clock went back; the client fetches a fresh nonce.
        #expect(nonces.verify(nonce, realm: "callplane.example", at: Self.minted - 1) == .stale)
        let short = SIPDigestNonce(secret: Self.secret, lifetime: 10)
        #expect(short.verify(nonce, realm: "callplane.example", at: Self.minted + 10) == .valid)
        #expect(short.verify(nonce, realm: "callplane.example", at: Self.minted + 11) == .stale)
    }

    @Test func mintedAtDifferentInstantsDiffer() {
        let first = nonces.mint(realm: "r", at: Self.minted)
        #expect(nonces.mint(realm: "r", at: Self.minted) == first)
        #expect(nonces.mint(realm: "r", at: Self.minted + 1) != first)
        #expect(nonces.mint(realm: "s", at: Self.minted) != first)
    }

    /// A nonce is a token-safe string of fixed length, so it needs no escaping anywhere.
    @Test func nonceIsBase64URLOfFixedLength() {
        for instant in [0, Self.minted, UInt64.max] {
            let nonce = nonces.mint(realm: "r", at: instant)
            #expect(nonce.utf8.count == 54)
            #expect(nonce.utf8.allSatisfy { SIPCharacterClass.isMember($0, of: .token) && $0 != .dot && $0 != UInt8(ascii: "=") })
            #expect(nonces.verify(nonce, realm: "r", at: instant) == .valid)
        }
    }

    @Test func everyChangedCharacterIsInvalid() {
        let nonce = Array(nonces.mint(realm: "r", at: Self.minted).utf8)
        for index in nonce.indices {
            var changed = nonce
            changed[index] = nonce[index] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            #expect(nonces.verify(String(decoding: changed, as: UTF8.self), realm: "r", at: Self.minted) == .invalid, "character \(index)")
        }
    }

    @Test func anotherSecretRealmOrShapeIsInvalid() {
        let nonce = nonces.mint(realm: "r", at: Self.minted)
        var otherSecret = Self.secret
        otherSecret[0] ^= 1
        #expect(SIPDigestNonce(secret: otherSecret).verify(nonce, realm: "r", at: Self.minted) == .invalid)
        #expect(nonces.verify(nonce, realm: "R", at: Self.minted) == .invalid)
        #expect(nonces.verify(String(nonce.dropLast()), realm: "r", at: Self.minted) == .invalid)
        #expect(nonces.verify(nonce + "A", realm: "r", at: Self.minted) == .invalid)
        #expect(nonces.verify(nonce + "==", realm: "r", at: Self.minted) == .invalid)
        #expect(nonces.verify("", realm: "r", at: Self.minted) == .invalid)
        #expect(nonces.verify(String(repeating: "!", count: 54), realm: "r", at: Self.minted) == .invalid)
        #expect(nonces.verify("dcd98b7102dd2f0e8b11d0f600bfb0c093", realm: "r", at: Self.minted) == .invalid)
    }

    /// RFC 4648 §10's vectors, in the URL alphabet without padding.
    @Test(arguments: [("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy")])
    func base64URLVectors(plain: String, encoded: String) {
        #expect(SIPBase64URL.encode(Array(plain.utf8)) == encoded)
        #expect(SIPBase64URL.decode(encoded) == Array(plain.utf8))
    }

    @Test func base64URLUsesTheURLAlphabetAndRefusesNonCanonicalText() {
        #expect(SIPBase64URL.encode([0xFB, 0xFF]) == "-_8")
        #expect(SIPBase64URL.decode("-_8") == [0xFB, 0xFF])
        #expect(SIPBase64URL.decode("+/8") == nil)
        #expect(SIPBase64URL.decode("Zh") == nil)
        #expect(SIPBase64URL.decode("Zm9") == nil)
        #expect(SIPBase64URL.decode("Zg==") == nil)
        #expect(SIPBase64URL.decode("Zm9vY") == nil)
        for length in 0..<12 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 200) }
            #expect(SIPBase64URL.decode(SIPBase64URL.encode(bytes)) == bytes)
        }
    }
}
