import Domain

/// `GET /api/v1/backup/settings`: the data backup settings of manual §5.6.4. Secrets are never
/// shown, only whether one is stored.
public struct BackupSettingsView: Codable, Sendable, Hashable, JSONWritable {
    public struct FTP: Codable, Sendable, Hashable, JSONWritable {
        public var host: String
        public var port: Int
        public var security: String
        public var user: String
        public var passwordSet: Bool
        public var directory: String
        public var caFile: String?

        public init(_ ftp: FTPDistribution) {
            host = ftp.host
            port = ftp.port
            security = ftp.security.rawValue
            user = ftp.user
            passwordSet = ftp.password != nil
            directory = ftp.directory
            caFile = ftp.caFile
        }

        public func write(to writer: inout JSONWriter) {
            writer.beginObject()
            writer.member("caFile", caFile)
            writer.member("directory", directory)
            writer.member("host", host)
            writer.member("passwordSet", passwordSet)
            writer.member("port", port)
            writer.member("security", security)
            writer.member("user", user)
            writer.endObject()
        }
    }

    public var autoBackup: Bool
    /// `HH:MM`, the server's local time.
    public var time: String
    public var keepDays: Int
    public var keepWeeks: Int
    public var keepMonths: Int
    public var passphraseSet: Bool
    public var ftp: FTP?
    public var emailRecipient: String?
    /// The stream version: the `ETag`, and what `If-Match` must name.
    public var version: Int64

    public init(_ settings: BackupSettings, version: Int64) {
        autoBackup = settings.autoBackup
        time = BackupSettingsChange.clockTime(minutes: settings.timeOfDay)
        keepDays = settings.keepDays
        keepWeeks = settings.keepWeeks
        keepMonths = settings.keepMonths
        passphraseSet = settings.passphrase != nil
        ftp = settings.ftp.map(FTP.init)
        emailRecipient = settings.emailRecipient
        self.version = version
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("autoBackup", autoBackup)
        writer.member("emailRecipient", emailRecipient)
        writer.key("ftp")
        if let ftp { ftp.write(to: &writer) } else { writer.null() }
        writer.member("keepDays", keepDays)
        writer.member("keepMonths", keepMonths)
        writer.member("keepWeeks", keepWeeks)
        writer.member("passphraseSet", passphraseSet)
        writer.member("time", time)
        writer.member("version", version)
        writer.endObject()
    }
}
