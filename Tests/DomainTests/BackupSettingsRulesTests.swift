import Domain
import Testing

/// The data backup settings (manual §5.6.4): ranges from the limits table, the passphrase the
/// auto backup needs, secrets sealed and kept, and the e-mail distribution's SMTP server.
struct BackupSettingsRulesTests {
    static let draft = BackupSettingsDraft(
        autoBackup: true, timeOfDay: 90, keepDays: 7, keepWeeks: 5, keepMonths: 12, passphrase: "a long backup phrase")

    @Test func theSettingsAreSetWithTheSecretsSealedAndTheSameSettingsChangeNothing() throws {
        var state = SystemState()
        let events = try run(.setBackupSettings(Self.draft), on: &state)
        #expect(events.count == 1)
        let passphrase = try #require(state.backupSettings.passphrase)
        #expect(!passphrase.text.contains("a long backup phrase"))
        #expect(try testSealing.open(passphrase) == "a long backup phrase")
        #expect(state.backupSettings.autoBackup && state.backupSettings.timeOfDay == 90)
        // Typed again: the stored seal is kept, nothing is appended.
        #expect(try run(.setBackupSettings(Self.draft), on: &state).isEmpty)
        // Absent: kept too, and the other change is made.
        var kept = Self.draft
        kept.passphrase = nil
        kept.keepDays = 9
        #expect(try run(.setBackupSettings(kept), on: &state).count == 1)
        #expect(state.backupSettings.passphrase == passphrase && state.backupSettings.keepDays == 9)
    }

    @Test func eachRangeIsEnforcedNamingItsLimit() {
        func refusal(_ change: (inout BackupSettingsDraft) -> Void) -> String? {
            var draft = Self.draft
            change(&draft)
            return Self.refusal(.setBackupSettings(draft), in: SystemState())
        }
        #expect(refusal { $0.timeOfDay = 1440 }?.contains("backup_time_of_day") == true)
        #expect(refusal { $0.keepDays = 0 }?.contains("backup_keep_days") == true)
        #expect(refusal { $0.keepWeeks = 105 }?.contains("backup_keep_weeks") == true)
        #expect(refusal { $0.keepMonths = 121 }?.contains("backup_keep_months") == true)
        #expect(refusal { $0.passphrase = "short" }?.contains("backup_passphrase_length") == true)
        #expect(refusal { $0.passphrase = "twelve chars\nwith a newline" }?.contains("control characters") == true)
        #expect(refusal { $0.passphrase = nil }?.contains("required for the auto backup") == true)
        #expect(refusal { $0.emailRecipient = "it@example.com" }?.contains("SMTP server") == true)
        #expect(refusal { $0.emailRecipient = "not an address" }?.contains("emailRecipient") == true)
        #expect(refusal { $0.ftp = FTPDistributionDraft(host: "nas", user: "pbx") }?.contains("ftp.password: required") == true)
        #expect(refusal { $0.ftp = FTPDistributionDraft(host: "nas", user: "pbx", password: "x", directory: "../etc") }?.contains("ftp.directory") == true)
        #expect(refusal { $0.ftp = FTPDistributionDraft(host: "nas", user: "pbx", password: "x", directory: "/abs") }?.contains("ftp.directory") == true)
        #expect(
            refusal { $0.ftp = FTPDistributionDraft(host: "nas", security: .none, user: "pbx", password: "x", caFile: "/ca.pem") }?.contains("ftp.caFile")
                == true)
        #expect(refusal { $0.ftp = FTPDistributionDraft(host: "bad host", user: "pbx", password: "x") }?.contains("ftp.host") == true)
        #expect(
            refusal {
                $0.autoBackup = false
                $0.passphrase = nil
            } == nil)
        #expect(refusal { $0.ftp = FTPDistributionDraft(host: "nas", port: 2121, user: "pbx", password: "x", directory: "pbx/daily") } == nil)
    }

    @Test func theFTPPasswordIsKeptWhenAbsentAndTheDefaultPortFollowsTheSecurity() throws {
        var state = SystemState()
        var draft = Self.draft
        draft.ftp = FTPDistributionDraft(host: "nas.example.com", security: .implicitTLS, user: "pbx", password: "ftp-secret")
        _ = try run(.setBackupSettings(draft), on: &state)
        let stored = try #require(state.backupSettings.ftp)
        #expect(stored.port == 990)
        #expect(try testSealing.open(try #require(stored.password)) == "ftp-secret")
        draft.ftp?.password = nil
        draft.ftp?.directory = "pbx"
        _ = try run(.setBackupSettings(draft), on: &state)
        #expect(state.backupSettings.ftp?.password == stored.password && state.backupSettings.ftp?.directory == "pbx")
    }

    @Test func theEmailDistributionIsAcceptedOnceTheSMTPServerIsSet() throws {
        var state = SystemState()
        _ = try run(.setSMTPServer(SMTPServerDraft(host: "mail.example.com", sender: "pbx@example.com")), on: &state)
        var draft = Self.draft
        draft.emailRecipient = "it@example.com"
        _ = try run(.setBackupSettings(draft), on: &state)
        #expect(state.backupSettings.emailRecipient == "it@example.com")
    }

    static func refusal(_ command: Command, in state: SystemState) -> String? {
        var copy = state
        do {
            _ = try run(command, on: &copy)
            return nil
        } catch {
            return (error as? DomainError)?.message ?? "\(error)"
        }
    }
}
