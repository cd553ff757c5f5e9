import Foundation

/// The master key and master salt of one direction of an SRTP session (RFC 3711 §3.2.1), as SDP
/// security descriptions carry them in the inline key parameter of `a=crypto` (RFC 4568 §6.1):
/// `inline:<base64 of key then salt>[|lifetime][|MKI:length]`.
///
/// With SDES each side sends the key it will protect with, so a call has two: the offerer's in
/// the offer, the answerer's in the answer. ``random(for:)`` makes this side's;
/// ``init(suite:inlineKeyParameter:)`` reads the peer's.
///
/// The key is never printed: `description`, `debugDescription` and the mirror that `dump`
/// walks show the suite only, so a value interpolated into a log line leaks nothing. The only
/// way out is ``inlineKeyParameter``, for the SDP body that must carry it.
public struct SRTPKeyMaterial: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let suite: SRTPSuite
    /// The master key followed by the master salt, the layout of both the key parameter and
    /// libsrtp's policy.
    let keyAndSalt: [UInt8]
    /// The number of packets the peer allows under this key (RFC 4568 §6.1); `nil` when the key
    /// parameter does not say, leaving the suite's maximum of 2^48 SRTP or 2^31 SRTCP packets
    /// (RFC 4568 §6.2.1), which libsrtp enforces itself. Rekeying before a shorter lifetime runs
    /// out is the signalling's task: a new offer with a new key.
    public let lifetime: UInt64?

    /// The largest lifetime SRTP allows: 2^48 packets under one master key (RFC 4568 §6.2.1).
    public static let maximumLifetime: UInt64 = 1 << 48

    private init(suite: SRTPSuite, keyAndSalt: [UInt8], lifetime: UInt64?) {
        self.suite = suite
        self.keyAndSalt = keyAndSalt
        self.lifetime = lifetime
    }

    /// Reads the key parameter of an `a=crypto` line whose suite is `suite`, e.g.
    /// `inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20` (RFC 4568 §9.2).
    ///
    /// Refused, each with the rule it breaks: a key method other than `inline`; a key-salt that
    /// is not base64 (with or without `=` padding) or whose octets do not match the suite; a
    /// lifetime that is not `[2^]digits` or exceeds 2^48; an MKI, which this side neither sends
    /// nor expects, since one key per direction needs no index.
    public init(suite: SRTPSuite, inlineKeyParameter text: String) throws(SRTPError) {
        let method = "inline:"
        // ABNF literals are case-insensitive (RFC 5234 §2.3), so "INLINE:" is the same method.
        guard text.prefix(method.count).lowercased() == method else { throw .notInlineKey }
        let fields = text.dropFirst(method.count).split(separator: "|", omittingEmptySubsequences: false)
        guard let keySalt = Self.decodeBase64(fields[0]) else { throw .invalidBase64 }
        guard keySalt.count == suite.keyMaterialLength else {
            throw .wrongKeyLength(suite: suite, expected: suite.keyMaterialLength, actual: keySalt.count)
        }
        var lifetime: UInt64?
        for field in fields.dropFirst() {
            if field.contains(":") { throw .mkiNotSupported }
            guard lifetime == nil else { throw .malformedKeyParameter(reason: "two lifetime fields in one key parameter") }
            lifetime = try Self.parseLifetime(field)
        }
        self.init(suite: suite, keyAndSalt: keySalt, lifetime: lifetime)
    }

    /// A fresh key and salt for `suite` from the system's CSPRNG, for this side's offer or
    /// answer. A master key is never shared between calls: two streams under one key repeat
    /// keystream wherever their SSRC and sequence numbers meet (RFC 3711 §9.1).
    public static func random(for suite: SRTPSuite) -> SRTPKeyMaterial {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(suite.keyMaterialLength + 7)
        while bytes.count < suite.keyMaterialLength {
            withUnsafeBytes(of: generator.next() as UInt64) { bytes.append(contentsOf: $0) }
        }
        return SRTPKeyMaterial(suite: suite, keyAndSalt: Array(bytes.prefix(suite.keyMaterialLength)), lifetime: nil)
    }

    /// The key parameter for an `a=crypto` line: `inline:` and the padded base64 of key and salt,
    /// then the lifetime if one was given (RFC 4568 §9.2). This text is the key: it belongs in
    /// an SDP body sent over a protected signalling channel (RFC 4568 §8), never in a log.
    public var inlineKeyParameter: String {
        var text = "inline:" + Self.encodeBase64(keyAndSalt)
        if let lifetime {
            let exponent = lifetime.trailingZeroBitCount
            text += lifetime == 1 << exponent ? "|2^\(exponent)" : "|\(lifetime)"
        }
        return text
    }

    public var description: String { "SRTPKeyMaterial(\(suite), redacted)" }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["suite": suite, "lifetime": lifetime as Any], displayStyle: .struct)
    }

    /// `lifetime = ["2^"] 1*(DIGIT)` (RFC 4568 §9.2), at most 2^48 and at least one packet.
    private static func parseLifetime(_ field: Substring) throws(SRTPError) -> UInt64 {
        let isPower = field.hasPrefix("2^")
        let digits = isPower ? field.dropFirst(2) : field[...]
        guard !digits.isEmpty, digits.utf8.count <= 20, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
            let number = UInt64(digits)
        else { throw .invalidLifetime(String(field)) }
        let value: UInt64? = isPower ? (number <= 48 ? 1 << number : nil) : number
        guard let value, value >= 1, value <= maximumLifetime else { throw .invalidLifetime(String(field)) }
        return value
    }

    /// Base64 with the standard alphabet (RFC 4648 §4), the encoding RFC 4568 §9.2 names.
    /// Padding is optional: some peers drop it from AES-GCM's 28-octet keys, so an unpadded
    /// text is padded before Foundation, which wants it, reads it.
    private static func decodeBase64(_ text: Substring) -> [UInt8]? {
        guard !text.isEmpty else { return nil }
        let padded = text.contains("=") ? String(text) : text + String(repeating: "=", count: (4 - text.utf8.count % 4) % 4)
        return Data(base64Encoded: padded).map(Array.init)
    }

    private static func encodeBase64(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }
}
