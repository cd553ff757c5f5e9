import Crypto
import Foundation

/// AES-GCM sealing of secrets with a 256-bit key kept outside the database (data directory
/// file `secret.key` by default).
///
/// Each seal draws a fresh random 96-bit nonce, so sealing the same password twice gives two
/// different texts; the tag makes a wrong key or an altered text fail loudly instead of
/// yielding garbage.
public struct SecretBox: SecretSealing {
    /// The raw key; `SymmetricKey` is not `Sendable` in this swift-crypto, so it is rebuilt per call.
    private let keyBytes: [UInt8]
    private var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    /// The key must be exactly 32 bytes (AES-256).
    public init(key: [UInt8]) throws {
        guard key.count == 32 else { throw SecretBoxError.invalidKeyLength(key.count) }
        keyBytes = key
    }

    /// 32 random bytes from the system's secure generator.
    public static func generateKey() -> [UInt8] {
        SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
    }

    public func seal(_ plaintext: String) -> SealedSecret {
        let box: AES.GCM.SealedBox
        do {
            box = try AES.GCM.seal(Data(plaintext.utf8), using: key)
        } catch {
            // AES-GCM sealing only fails for a key of the wrong size, which `init` rules out.
            preconditionFailure("AES-GCM seal failed with a valid key: \(error)")
        }
        guard let combined = box.combined else {
            preconditionFailure("AES-GCM with the default 12-byte nonce always has a combined form")
        }
        return SealedSecret(text: Self.prefix + combined.base64EncodedString())
    }

    public func open(_ sealed: SealedSecret) throws -> String {
        guard sealed.text.hasPrefix(Self.prefix) else { throw SecretBoxError.unsupportedFormat }
        guard let combined = Data(base64Encoded: String(sealed.text.dropFirst(Self.prefix.count))),
            combined.count >= Self.nonceLength + Self.tagLength
        else {
            throw SecretBoxError.malformed
        }
        let plaintext: Data
        do {
            let box = try AES.GCM.SealedBox(combined: combined)
            plaintext = try AES.GCM.open(box, using: key)
        } catch {
            throw SecretBoxError.authenticationFailed
        }
        guard let text = String(data: plaintext, encoding: .utf8) else { throw SecretBoxError.malformed }
        return text
    }

    public func authenticationCode(_ message: [UInt8], purpose: String) -> [UInt8] {
        let derived = HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Array(purpose.utf8), outputByteCount: 32)
        return Array(HMAC<SHA256>.authenticationCode(for: message, using: derived))
    }

    private static let prefix = "v1:"
    private static let nonceLength = 12
    private static let tagLength = 16
}

/// The key never appears in text: ServiceLifecycle logs each service's description at debug
/// level, and a service holding the box printed its key bytes there (issue 14, point 5).
extension SecretBox: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "SecretBox(key: [hidden])" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
