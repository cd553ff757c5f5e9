import Crypto

/// The hash algorithm of a digest challenge and its credentials (RFC 7616 §3.3 and its IANA
/// registry, adopted for SIP by RFC 8760 §2.2). MD5 is RFC 3261's only one and still what most
/// phones answer; SHA-256 is what RFC 8760 adds and what a server offers first. SHA-512-256 is
/// not needed by the phones and trunks Callplane serves.
///
/// The `-sess` variants hash the nonce and cnonce into HA1 (RFC 7616 §3.4.2), so a server that
/// stores HA1 can hand a session key to a third party without the password.
public enum SIPDigestAlgorithm: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case md5 = "MD5"
    case md5Session = "MD5-sess"
    case sha256 = "SHA-256"
    case sha256Session = "SHA-256-sess"

    /// Reads an `algorithm` token. Names compare case-insensitively, as RFC 7616 §3.3's tokens
    /// do in the implementations phones talk to (`md5`, `MD5`); `nil` for any other name.
    public init?(token: String) {
        guard let algorithm = SIPDigestAlgorithm.allCases.first(where: { SIPParameters.namesEqual($0.rawValue, token) }) else { return nil }
        self = algorithm
    }

    public var description: String { rawValue }

    /// Whether HA1 is the session form `H(H(user:realm:password):nonce:cnonce)`.
    public var isSession: Bool { self == .md5Session || self == .sha256Session }

    /// The algorithm without `-sess`: the one a stored HA1 `H(user:realm:password)` was made
    /// with, valid for both variants.
    public var base: SIPDigestAlgorithm {
        switch self {
        case .md5, .md5Session: .md5
        case .sha256, .sha256Session: .sha256
        }
    }

    /// Hex digits of one hash: 32 for MD5, 64 for SHA-256 (RFC 8760 §2.5 widens
    /// `request-digest` accordingly).
    public var hexLength: Int {
        switch base {
        case .md5: 32
        default: 64
        }
    }

    /// `H(data)` in lower-case hex, the form RFC 2617 §3.2.2.2 and RFC 7616 §3.4.1 concatenate.
    public func hash(_ data: some Sequence<UInt8>) -> String {
        let bytes = Array(data)
        switch base {
        case .md5: return SIPDigestAlgorithm.lowercaseHex(Insecure.MD5.hash(data: bytes))
        default: return SIPDigestAlgorithm.lowercaseHex(SHA256.hash(data: bytes))
        }
    }

    /// `H(username ":" realm ":" password)` (RFC 2617 §3.2.2.2, RFC 7616 §3.4.2), the value a
    /// server may keep instead of the password; computed with ``base``.
    public func ha1(username: String, realm: String, password: String) -> String {
        base.hash(Array(username.utf8) + [.colon] + Array(realm.utf8) + [.colon] + Array(password.utf8))
    }

    static func lowercaseHex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
