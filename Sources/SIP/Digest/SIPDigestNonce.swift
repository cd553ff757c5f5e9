import Crypto

/// The server's stateless nonces: `base64url(timestamp ‖ HMAC-SHA256(key, timestamp ‖ realm))`,
/// the timestamp eight octets big-endian in seconds since the epoch.
///
/// RFC 2617 §3.2.1 suggests a nonce of a time-stamp and a keyed hash of it so that the server
/// "can recompute the hash portion after receiving the client authentication header" and
/// refuse an old one; this is that suggestion with HMAC. The server needs no nonce table, a
/// restart does not invalidate the nonces of phones that registered just before, and a peer
/// that floods REGISTER costs the server nothing to remember. Binding the realm keeps a nonce
/// of one realm from being answered in another.
///
/// Replay within the lifetime is not prevented here: no `nc` is tracked, which would need the
/// table this scheme exists to avoid. A REGISTER replayed within the lifetime carries its
/// original Call-ID and CSeq, which the registrar refuses as not newer (RFC 3261 §10.3 step 7);
/// other requests are bounded by the lifetime.
///
/// Time is an argument, never read from a clock here, so the caller decides which clock and
/// tests pass fixed instants.
public struct SIPDigestNonce: Sendable {
    /// RFC 2617 leaves the lifetime to the server; five minutes is long enough for a phone to
    /// answer a challenge on a slow link and short enough to bound a replay.
    public static let defaultLifetime: UInt64 = 300

    /// `SymmetricKey` is not `Sendable` in this swift-crypto, so the derived bytes are kept.
    private let keyBytes: [UInt8]
    /// Seconds after minting during which a nonce is ``Verdict/valid``; after them it is
    /// ``Verdict/stale``.
    public var lifetime: UInt64

    private static let timestampLength = 8
    private static let tagLength = 32
    /// 40 octets in unpadded base64url.
    static let textLength = 54

    /// - Parameters:
    ///   - secret: the server's secret key (at least 16 random octets, e.g. the 32 of
    ///     `secret.key`). The HMAC key is derived from it with HKDF for this purpose alone, so
    ///     it is never the secret itself; another secret makes every outstanding nonce
    ///     ``Verdict/invalid``.
    ///   - lifetime: seconds a nonce stays ``Verdict/valid``.
    public init(secret: [UInt8], lifetime: UInt64 = SIPDigestNonce.defaultLifetime) {
        let derived = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: secret), info: Array("callplane SIP digest nonce v1".utf8), outputByteCount: 32)
        keyBytes = derived.withUnsafeBytes { Array($0) }
        self.lifetime = lifetime
    }

    /// A fresh nonce for `realm` stamped `now` (seconds since the epoch).
    public func mint(realm: String, at now: UInt64) -> String {
        let timestamp = SIPDigestNonce.bigEndian(now)
        let tag = HMAC<SHA256>.authenticationCode(for: SIPDigestNonce.message(timestamp, realm), using: SymmetricKey(data: keyBytes))
        return SIPBase64URL.encode(timestamp + Array(tag))
    }

    /// Checks `nonce` as returned by a client for `realm` at `now`: authenticity first, in
    /// constant time, then age.
    public func verify(_ nonce: String, realm: String, at now: UInt64) -> Verdict {
        guard nonce.utf8.count == SIPDigestNonce.textLength, let bytes = SIPBase64URL.decode(nonce),
            bytes.count == SIPDigestNonce.timestampLength + SIPDigestNonce.tagLength
        else { return .invalid }
        let timestamp = Array(bytes[0..<SIPDigestNonce.timestampLength])
        let tag = Array(bytes[SIPDigestNonce.timestampLength...])
        guard HMAC<SHA256>.isValidAuthenticationCode(tag, authenticating: SIPDigestNonce.message(timestamp, realm), using: SymmetricKey(data: keyBytes)) else {
            return .invalid
        }
        let minted = timestamp.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard minted <= now, now - minted <= lifetime else { return .stale }
        return .valid
    }

    /// The timestamp has a fixed length, so the realm after it cannot be confused with it.
    private static func message(_ timestamp: [UInt8], _ realm: String) -> [UInt8] {
        timestamp + Array(realm.utf8)
    }

    private static func bigEndian(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) }
    }
}
