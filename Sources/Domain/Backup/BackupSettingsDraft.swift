/// The data backup settings as the administrator gives them, secrets in plaintext; `decide`
/// seals them. A `nil` passphrase or FTP password keeps the stored one, so changing the backup
/// time does not mean typing them again.
public struct BackupSettingsDraft: Sendable, Hashable {
    public var autoBackup: Bool
    public var timeOfDay: Int
    public var keepDays: Int
    public var keepWeeks: Int
    public var keepMonths: Int
    public var passphrase: String?
    public var ftp: FTPDistributionDraft?
    public var emailRecipient: String?

    public init(
        autoBackup: Bool, timeOfDay: Int, keepDays: Int, keepWeeks: Int, keepMonths: Int, passphrase: String? = nil, ftp: FTPDistributionDraft? = nil,
        emailRecipient: String? = nil
    ) {
        self.autoBackup = autoBackup
        self.timeOfDay = timeOfDay
        self.keepDays = keepDays
        self.keepWeeks = keepWeeks
        self.keepMonths = keepMonths
        self.passphrase = passphrase
        self.ftp = ftp
        self.emailRecipient = emailRecipient
    }
}
