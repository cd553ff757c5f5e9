/// An SNMPv3 user as the administrator gives it, passphrases in plaintext; `decide` seals them.
public struct SNMPUserDraft: Sendable, Hashable {
    public var name: String
    public var authPassphrase: String
    public var privPassphrase: String

    public init(name: String, authPassphrase: String, privPassphrase: String) {
        self.name = name
        self.authPassphrase = authPassphrase
        self.privPassphrase = privPassphrase
    }
}
