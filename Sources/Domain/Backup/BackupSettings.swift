/// The data backup settings of manual §5.6.4 (WebAdmin "Maintenance / Data backup"): the auto
/// backup (§5.6.4.1), the key its archives are sealed with, and the distribution service
/// (§5.6.4.2). One for the whole system, in the log like any configuration, so a restore brings
/// it back and the audit trail shows who changed it.
public struct BackupSettings: Sendable, Hashable, Codable {
    /// Whether the daily backup runs at all. Off until the administrator turns it on: it needs a
    /// passphrase only the administrator can choose.
    public var autoBackup: Bool
    /// Minutes after midnight, in the server's time zone, when the daily backup runs.
    public var timeOfDay: Int
    /// How long an archive stays in `backup/day/`, `week/` and `month/` (§5.6.4.1 "storage time").
    public var keepDays: Int
    public var keepWeeks: Int
    public var keepMonths: Int
    /// The backup passphrase, sealed with the system's secret key. The manual's backups are
    /// "always stored in an encrypted format" (§5.6.4); without a passphrase there is no auto
    /// backup, as there is no key to seal it with that the administrator would know.
    public var passphrase: SealedSecret?
    /// A copy of each auto backup to an FTP server (§5.6.4.2), `nil` when not distributed so.
    public var ftp: FTPDistribution?
    /// A copy of each auto backup by e-mail (§5.6.4.2) to this address, through the system's
    /// SMTP server; `nil` when not distributed so.
    public var emailRecipient: String?

    /// The manual gives no storage times; these keep a week of days, a month of weeks and a
    /// year of months, the rotation an administrator would set up by hand. 02:00 is when a
    /// business telephone system is quietest.
    public static let standard = BackupSettings(autoBackup: false, timeOfDay: 2 * 60, keepDays: 7, keepWeeks: 5, keepMonths: 12)

    public init(
        autoBackup: Bool, timeOfDay: Int, keepDays: Int, keepWeeks: Int, keepMonths: Int, passphrase: SealedSecret? = nil,
        ftp: FTPDistribution? = nil, emailRecipient: String? = nil
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
