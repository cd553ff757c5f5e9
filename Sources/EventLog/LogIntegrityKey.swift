import Crypto

/// The key that authenticates what the log keeps about itself: snapshot bindings and chain
/// witnesses (issue 13, points 18 and 19).
///
/// The hash chain alone only makes a *partial* edit evident: whoever can write the database can
/// rewrite an event and every hash after it, cut the tail, or edit a snapshot (which the chain
/// does not cover at all). A MAC under a key that lives outside the database — derived from
/// `secret.key` with HKDF, so it is never the sealing key itself — is what such a writer cannot
/// forge.
public struct LogIntegrityKey: Sendable {
    /// `SymmetricKey` is not `Sendable` in this swift-crypto, so the derived bytes are kept.
    private let keyBytes: [UInt8]

    /// Derives the integrity key from the server's secret key (32 bytes, `secret.key`).
    public init(secret: [UInt8]) {
        let derived = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: secret), info: Array("callplane log integrity v1".utf8), outputByteCount: 32)
        keyBytes = derived.withUnsafeBytes { Array($0) }
    }

    func code(_ message: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: keyBytes)))
    }

    /// Compares in constant time, so a forger learns nothing from how long a refusal takes.
    func isValid(_ code: [UInt8], for message: [UInt8]) -> Bool {
        HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: message, using: SymmetricKey(data: keyBytes))
    }

    /// What a snapshot's MAC covers: its kind, position and schema, the chain hash of the event
    /// at its position (32 zero bytes at position 0), and the SHA-256 of its state — each field
    /// fixed-width or length-prefixed, as in ``EventChain``, so no two bindings share a message.
    static func snapshotMessage(kind: String, position: Int64, schema: Int, eventHash: [UInt8], state: [UInt8]) -> [UInt8] {
        var message = Array("callplane snapshot v1".utf8)
        let kindBytes = Array(kind.utf8)
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: kindBytes.count).bigEndian) { message.append(contentsOf: $0) }
        message.append(contentsOf: kindBytes)
        withUnsafeBytes(of: position.bigEndian) { message.append(contentsOf: $0) }
        withUnsafeBytes(of: Int64(schema).bigEndian) { message.append(contentsOf: $0) }
        message.append(contentsOf: eventHash)
        message.append(contentsOf: SHA256.hash(data: state))
        return message
    }

    /// What a chain witness's MAC covers: its position and the chain hash there.
    static func witnessMessage(position: Int64, hash: [UInt8]) -> [UInt8] {
        var message = Array("callplane chain witness v1".utf8)
        withUnsafeBytes(of: position.bigEndian) { message.append(contentsOf: $0) }
        message.append(contentsOf: hash)
        return message
    }
}
