/// Seals secrets for the log. Injected into `decide`, so the domain stays free of I/O and of
/// where the key lives.
public protocol SecretSealing: Sendable {
    func seal(_ plaintext: String) -> SealedSecret
    func open(_ sealed: SealedSecret) throws -> String
}
