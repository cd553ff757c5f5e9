/// Why a ``SecretBox`` could not be made or could not open a sealed secret.
public enum SecretBoxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The key is not 32 bytes; the associated value is the length given.
    case invalidKeyLength(Int)
    /// The text does not start with a version prefix this build knows (`v1:`).
    case unsupportedFormat
    /// The text after the prefix is not base64 of nonce ‖ ciphertext ‖ tag, or the plaintext is not UTF-8.
    case malformed
    /// The tag does not verify: the key is not the one the secret was sealed with, or the text was altered.
    case authenticationFailed

    public var description: String {
        switch self {
        case .invalidKeyLength(let count):
            "secret key must be exactly 32 bytes (AES-256), got \(count)"
        case .unsupportedFormat:
            "sealed secret has no supported version prefix (expected \"v1:\")"
        case .malformed:
            "sealed secret is malformed (expected base64 of nonce, ciphertext and tag after \"v1:\")"
        case .authenticationFailed:
            "sealed secret does not verify: wrong key or altered text"
        }
    }
}
