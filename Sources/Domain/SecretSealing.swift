/// Seals secrets for the log. Injected into `decide`, so the domain stays free of I/O and of
/// where the key lives.
public protocol SecretSealing: Sendable {
    func seal(_ plaintext: String) -> SealedSecret
    func open(_ sealed: SealedSecret) throws -> String
    /// A keyed digest of `message` (HMAC-SHA-256 under a key derived for `purpose`), for a value
    /// the log must keep to compare later but that nobody holding only the database may test
    /// guesses against (an idempotency key's request, whose body may hold a password).
    func authenticationCode(_ message: [UInt8], purpose: String) -> [UInt8]
}
