/// An SNMPv3 user of the agent (RFC 3414 USM), always authPriv with SHA and AES: the
/// authNoPriv and MD5/DES choices of older agents are not offered, so nothing readable travels.
/// The passphrases are sealed like every secret in the log.
public struct SNMPUser: Sendable, Hashable, Codable {
    public var name: String
    public var authPassphrase: SealedSecret
    public var privPassphrase: SealedSecret

    public init(name: String, authPassphrase: SealedSecret, privPassphrase: SealedSecret) {
        self.name = name
        self.authPassphrase = authPassphrase
        self.privPassphrase = privPassphrase
    }
}
