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

/// Encodable too, so the CLI sends what the server decodes.
extension SNMPUserDraft: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, authPassphrase, privPassphrase
    }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name), authPassphrase: try container.decode(String.self, forKey: .authPassphrase),
            privPassphrase: try container.decode(String.self, forKey: .privPassphrase))
    }
}
