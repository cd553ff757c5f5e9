/// A secret (e.g. a SIP registration password) as it is kept in the log and the state: sealed
/// with AES-GCM under a key that lives outside the database (see ``SecretBox``), so replay
/// rebuilds it but a copy of the database alone does not reveal it.
///
/// `text` is `v1:` followed by base64 of nonce ‖ ciphertext ‖ tag. That form is what marks a
/// secret wherever a payload is shown: the events API masks every string in it
/// (``isSealedForm(_:)``), so a secret is recognised by its type, whatever its field is called
/// (issue 12, point 4).
public struct SealedSecret: Sendable, Hashable, Codable {
    public var text: String
    public init(text: String) { self.text = text }

    /// The shortest sealed text: `v1:` and the base64 of a 12-byte nonce, no ciphertext and a
    /// 16-byte tag.
    static let shortestForm = 3 + 40

    /// Whether `bytes` (a string's content, without quotes) is in the sealed form.
    public static func isSealedForm<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        guard bytes.count >= shortestForm, bytes.starts(with: [UInt8(ascii: "v"), UInt8(ascii: "1"), UInt8(ascii: ":")]) else { return false }
        return bytes.dropFirst(3).allSatisfy { byte in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/")
                || byte == UInt8(ascii: "=")
        }
    }
}
