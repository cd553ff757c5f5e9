import Domain

/// `POST /api/v1/backups`: a manual backup now (manual §5.6.4.3). Without a passphrase the
/// configured one seals it, so the administrator who set it up is not asked again.
public struct BackupCreation: Codable, Sendable, Hashable {
    public var passphrase: String?

    public init(passphrase: String? = nil) { self.passphrase = passphrase }

    enum CodingKeys: String, CodingKey, CaseIterable { case passphrase }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        passphrase = try container.decodeIfPresent(String.self, forKey: .passphrase)
    }
}
