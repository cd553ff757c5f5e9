import Crypto

/// The `Callplane-Signature` header: `sha256=` and the lowercase hex HMAC-SHA256 (RFC 2104)
/// under the destination's secret of `timestamp + "." + body`.
///
/// Signing the timestamp with the body lets a receiver reject a captured request replayed
/// later (it checks `Callplane-Timestamp` against its own clock); the scheme is the one
/// Stripe and GitHub webhooks use, so receivers have code for it already.
enum WebhookSignature {
    static func header(secret: String, timestamp: Int64, body: [UInt8]) -> String {
        let key = SymmetricKey(data: Array(secret.utf8))
        let code = HMAC<SHA256>.authenticationCode(for: Array("\(timestamp).".utf8) + body, using: key)
        return "sha256="
            + code.map { byte in
                let hex = String(byte, radix: 16)
                return byte < 16 ? "0" + hex : hex
            }.joined()
    }
}
