/// AES-GCM sealing of secrets with a 256-bit key kept outside the database (data directory
/// file `secret.key` by default).
public struct SecretBox: SecretSealing {
    public init(key: [UInt8]) throws { fatalError("unimplemented") }
    public static func generateKey() -> [UInt8] { fatalError("unimplemented") }
    public func seal(_ plaintext: String) -> SealedSecret { fatalError("unimplemented") }
    public func open(_ sealed: SealedSecret) throws -> String { fatalError("unimplemented") }
}
