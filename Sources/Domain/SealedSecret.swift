/// A secret (e.g. a SIP registration password) as it is kept in the log and the state: sealed
/// with AES-GCM under a key that lives outside the database (see ``SecretBox``), so replay
/// rebuilds it but a copy of the database alone does not reveal it.
///
/// `text` is `v1:` followed by base64 of nonce ‖ ciphertext ‖ tag.
public struct SealedSecret: Sendable, Hashable, Codable {
    public var text: String
    public init(text: String) { self.text = text }
}
