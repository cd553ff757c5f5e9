extension SystemState {
    /// Sets the data backup settings (manual §5.6.4). The rules beyond each field's range:
    ///
    /// - The auto backup needs a passphrase: backups are "always stored in an encrypted format"
    ///   (§5.6.4), and only a key the administrator knows lets the archive be restored elsewhere.
    /// - The e-mail distribution needs the system's SMTP server, which it sends through.
    /// - `caFile` goes with FTP over TLS only: without TLS there is no certificate to verify.
    /// - Secrets are sealed; `nil` keeps the stored one, and the same text typed again changes
    ///   nothing (sealing twice gives other bytes, so it is compared opened).
    func decideSetBackupSettings(_ draft: BackupSettingsDraft, sealing: any SecretSealing) throws(DomainError) -> [DomainEvent] {
        let current = backupSettings
        for (limit, field, value) in [
            (CapacityLimit.backupTimeOfDay, "timeOfDay", draft.timeOfDay), (.backupKeepDays, "keepDays", draft.keepDays),
            (.backupKeepWeeks, "keepWeeks", draft.keepWeeks), (.backupKeepMonths, "keepMonths", draft.keepMonths),
        ] where !limit.range.contains(value) {
            throw .outOfRange(limit, field: field, value: value)
        }
        var passphrase = current.passphrase
        if let text = draft.passphrase {
            guard CapacityLimit.backupPassphraseLength.range.contains(text.count) else {
                throw .outOfRange(.backupPassphraseLength, field: "passphrase", value: text.count)
            }
            guard !text.unicodeScalars.contains(where: DomainRules.isControl) else {
                throw .invalid(field: "passphrase", rule: "no control characters (it is typed again at a restore)")
            }
            passphrase = Self.resealed(text, stored: current.passphrase, sealing: sealing)
        }
        if draft.autoBackup, passphrase == nil {
            throw .invalid(field: "passphrase", rule: "required for the auto backup: its archives are sealed with it")
        }
        if let recipient = draft.emailRecipient {
            try DomainRules.email(recipient, field: "emailRecipient")
            guard smtpServer != nil else {
                throw .invalid(field: "emailRecipient", rule: "needs the system's SMTP server (PUT /api/v1/email/smtp), which the backup is sent through")
            }
        }
        let ftp = try draft.ftp.map { ftpDraft throws(DomainError) in try Self.decideFTPDistribution(ftpDraft, stored: current.ftp, sealing: sealing) }
        let settings = BackupSettings(
            autoBackup: draft.autoBackup, timeOfDay: draft.timeOfDay, keepDays: draft.keepDays, keepWeeks: draft.keepWeeks, keepMonths: draft.keepMonths,
            passphrase: passphrase, ftp: ftp, emailRecipient: draft.emailRecipient)
        guard settings != backupSettingsSet else { return [] }
        return [.backupSettingsSet(settings)]
    }

    private static func decideFTPDistribution(_ draft: FTPDistributionDraft, stored: FTPDistribution?, sealing: any SecretSealing) throws(DomainError)
        -> FTPDistribution
    {
        try DomainRules.hostName(draft.host, field: "ftp.host")
        let port = draft.port ?? draft.security.defaultPort
        guard CapacityLimit.port.range.contains(port) else { throw .outOfRange(.port, field: "ftp.port", value: port) }
        guard (1...255).contains(draft.user.utf8.count), draft.user.utf8.allSatisfy({ $0 > 0x20 && $0 <= 0x7E }) else {
            throw .invalid(field: "ftp.user", rule: "1 to 255 printable ASCII characters without spaces")
        }
        let segments = draft.directory.split(separator: "/", omittingEmptySubsequences: false)
        guard draft.directory.utf8.count <= 255, !draft.directory.hasPrefix("/"),
            draft.directory.isEmpty || segments.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }),
            !draft.directory.unicodeScalars.contains(where: DomainRules.isControl)
        else {
            throw .invalid(
                field: "ftp.directory", rule: "a relative path of at most 255 bytes, names separated by single \"/\", no \".\" or \"..\", no control characters"
            )
        }
        if let caFile = draft.caFile {
            guard draft.security != .none else {
                throw .invalid(
                    field: "ftp.caFile", rule: "applies to security explicit_tls or implicit_tls only: without TLS there is no certificate to verify")
            }
            try checkPath(caFile, field: "ftp.caFile")
        }
        let password: SealedSecret
        switch (draft.password, stored?.password) {
        case let (text?, storedPassword):
            guard (1...255).contains(text.utf8.count), text.utf8.allSatisfy({ $0 >= 0x20 && $0 <= 0x7E }) else {
                throw .invalid(field: "ftp.password", rule: "1 to 255 printable ASCII characters")
            }
            password = resealed(text, stored: storedPassword, sealing: sealing)
        case let (nil, storedPassword?):
            password = storedPassword
        case (nil, nil):
            throw .invalid(field: "ftp.password", rule: "required the first time; absent keeps the stored one")
        }
        return FTPDistribution(
            host: draft.host, port: port, security: draft.security, user: draft.user, password: password, directory: draft.directory, caFile: draft.caFile)
    }

    /// `text` sealed, or the stored seal when it already holds `text`.
    static func resealed(_ text: String, stored: SealedSecret?, sealing: any SecretSealing) -> SealedSecret {
        stored.flatMap { (try? sealing.open($0)) == text ? $0 : nil } ?? sealing.seal(text)
    }
}
