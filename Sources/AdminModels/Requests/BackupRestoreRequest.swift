import Domain

/// `POST /api/v1/backups/{folder}/{name}/restore`: the archive's passphrase (absent: the
/// configured one) and whether an archive of another system may replace this one.
public struct BackupRestoreRequest: Codable, Sendable, Hashable {
    public var passphrase: String?
    public var force: Bool

    public init(passphrase: String? = nil, force: Bool = false) {
        self.passphrase = passphrase
        self.force = force
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case passphrase, force }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        passphrase = try container.decodeIfPresent(String.self, forKey: .passphrase)
        force = try container.decodeIfPresent(Bool.self, forKey: .force) ?? false
    }
}
