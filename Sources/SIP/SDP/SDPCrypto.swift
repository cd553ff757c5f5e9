/// `a=crypto:<tag> <crypto-suite> <key-params> [<session-params>]` (RFC 4568 §9.1): an SDES
/// key for SRTP. The key parameters stay text (`inline:<key||salt>[|lifetime][|MKI:length]`,
/// several joined by `;`) for the media layer that will use them.
public struct SDPCrypto: Sendable, Hashable {
    /// `1*9DIGIT` (§9.1), which an answer echoes to say which offered line it accepted (§5.1.2).
    public var tag: UInt32
    /// E.g. `AES_CM_128_HMAC_SHA1_80`.
    public var suite: String
    public var keyParameters: String
    public var sessionParameters: [String]

    public init(tag: UInt32, suite: String, keyParameters: String, sessionParameters: [String] = []) {
        self.tag = tag
        self.suite = suite
        self.keyParameters = keyParameters
        self.sessionParameters = sessionParameters
    }
}
