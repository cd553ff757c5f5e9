import Domain

/// `PUT /api/v1/backup/settings`: the data backup settings as a whole. Absent members take the
/// defaults (auto backup off, 02:00, 7 days, 5 weeks, 12 months, no distribution); an absent
/// passphrase or FTP password keeps the stored one.
public struct BackupSettingsChange: Codable, Sendable, Hashable {
    public struct FTP: Codable, Sendable, Hashable {
        public var host: String
        public var port: Int?
        public var security: FTPSecurity?
        public var user: String
        public var password: String?
        public var directory: String?
        public var caFile: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case host, port, security, user, password, directory, caFile }

        public init(from decoder: any Decoder) throws {
            try decoder.refuseMembers(except: CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            host = try container.decode(String.self, forKey: .host)
            port = try container.decodeIfPresent(Int.self, forKey: .port)
            security = try container.decodeIfPresent(FTPSecurity.self, forKey: .security)
            user = try container.decode(String.self, forKey: .user)
            password = try container.decodeIfPresent(String.self, forKey: .password)
            directory = try container.decodeIfPresent(String.self, forKey: .directory)
            caFile = try container.decodeIfPresent(String.self, forKey: .caFile)
        }

        var draft: FTPDistributionDraft {
            FTPDistributionDraft(
                host: host, port: port, security: security ?? .explicitTLS, user: user, password: password, directory: directory ?? "", caFile: caFile)
        }
    }

    public var autoBackup: Bool?
    /// `HH:MM`, 00:00 to 23:59, the server's local time.
    public var time: String?
    public var keepDays: Int?
    public var keepWeeks: Int?
    public var keepMonths: Int?
    public var passphrase: String?
    public var ftp: FTP?
    public var emailRecipient: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case autoBackup, time, keepDays, keepWeeks, keepMonths, passphrase, ftp, emailRecipient }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        autoBackup = try container.decodeIfPresent(Bool.self, forKey: .autoBackup)
        time = try container.decodeIfPresent(String.self, forKey: .time)
        keepDays = try container.decodeIfPresent(Int.self, forKey: .keepDays)
        keepWeeks = try container.decodeIfPresent(Int.self, forKey: .keepWeeks)
        keepMonths = try container.decodeIfPresent(Int.self, forKey: .keepMonths)
        passphrase = try container.decodeIfPresent(String.self, forKey: .passphrase)
        ftp = try container.decodeIfPresent(FTP.self, forKey: .ftp)
        emailRecipient = try container.decodeIfPresent(String.self, forKey: .emailRecipient)
    }

    /// The draft `decide` checks, or the rule `time` breaks.
    public func draft() throws(DomainError) -> BackupSettingsDraft {
        let standard = BackupSettings.standard
        var minutes = standard.timeOfDay
        if let time {
            let parts = time.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let hours = Int(parts[0]), let minute = Int(parts[1]),
                (0...23).contains(hours), (0...59).contains(minute)
            else { throw .invalid(field: "time", rule: "HH:MM, 00:00 to 23:59") }
            minutes = hours * 60 + minute
        }
        return BackupSettingsDraft(
            autoBackup: autoBackup ?? standard.autoBackup, timeOfDay: minutes, keepDays: keepDays ?? standard.keepDays,
            keepWeeks: keepWeeks ?? standard.keepWeeks, keepMonths: keepMonths ?? standard.keepMonths, passphrase: passphrase, ftp: ftp?.draft,
            emailRecipient: emailRecipient)
    }

    /// `HH:MM` of minutes after midnight.
    public static func clockTime(minutes: Int) -> String {
        let hours = minutes / 60
        let minute = minutes % 60
        return (hours < 10 ? "0" : "") + String(hours) + ":" + (minute < 10 ? "0" : "") + String(minute)
    }
}
