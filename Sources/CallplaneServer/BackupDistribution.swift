import Backup
import Connectors
import Domain
import EventLog
import Foundation
import Logging
import Synchronization

/// The distribution service of manual §5.6.4.2: a copy of each auto backup to the FTP server and
/// by e-mail, as the settings say. A copy that cannot be delivered stays pending — in
/// `backup/distribution.pending`, so a restart keeps it — and is tried again every
/// ``retryInterval`` while its archive still exists; the failure is reported once ("Auto backup
/// failed", step `ftp`; "Send e-mail failed" of e-mail client 2, Tab. 25) and cleared by the next
/// copy that arrives.
final class BackupDistribution: Sendable {
    enum Channel: String, Codable, Sendable, CaseIterable {
        case ftp, email
    }

    /// A copy still to be delivered.
    struct Pending: Codable, Hashable, Sendable {
        var channel: Channel
        var folder: String
        var name: String
    }

    /// What the test button found (`POST /api/v1/backup/distribution/test`).
    struct TestOutcome: Sendable {
        var ftp: String??
        var email: String??
    }

    static let retryInterval: Int64 = 15 * 60 * 1_000_000
    /// Above this an archive is not sent by e-mail (Tab. 25 reason 11, "E-mail attachment too
    /// large"): most mail servers refuse messages of 25 MB and more, base64 adds a third.
    static let largestAttachment = 18 * 1024 * 1024
    static let timeoutSeconds = 120
    /// The test button answers while the administrator waits.
    static let testTimeoutSeconds = 20

    private let directory: URL
    private let state: @Sendable () -> SystemState
    private let sealing: any SecretSealing
    private let ftp: FTPUploadClient
    private let smtp: SMTPClient
    private let alarm: AutoBackupAlarm
    private let mailOutcomes: EmailOutcomeReport
    private let clock: any WallClock
    private let logger: Logger
    /// One delivery round at a time; a round asked for while one runs (`again`) runs right after
    /// it, so a copy queued meanwhile does not wait for the next retry.
    private let round = Mutex((busy: false, again: false))
    /// The pending list is changed by a round and by ``distribute(folder:name:)`` at once;
    /// each read-change-write of the file holds this.
    private let pendingList = Mutex(())

    init(
        directory: URL, state: @escaping @Sendable () -> SystemState, sealing: any SecretSealing, alarm: AutoBackupAlarm,
        mailOutcomes: EmailOutcomeReport, clock: any WallClock, logger: Logger, ftp: FTPUploadClient = FTPUploadClient(),
        smtp: SMTPClient = SMTPClient()
    ) {
        self.directory = directory
        self.state = state
        self.sealing = sealing
        self.alarm = alarm
        self.mailOutcomes = mailOutcomes
        self.clock = clock
        self.logger = logger
        self.ftp = ftp
        self.smtp = smtp
    }

    var pendingFile: URL { directory.appendingPathComponent("distribution.pending") }

    /// Queues a copy of `archive` (in `folder`) for every configured channel and starts a
    /// delivery round.
    func distribute(folder: String, name: String) {
        let settings = state().backupSettings
        var added: [Pending] = []
        if settings.ftp != nil { added.append(Pending(channel: .ftp, folder: folder, name: name)) }
        if settings.emailRecipient != nil { added.append(Pending(channel: .email, folder: folder, name: name)) }
        guard !added.isEmpty else { return }
        do {
            try update { list in list.append(contentsOf: added.filter { !list.contains($0) }) }
        } catch {
            logger.error("backup distribution: cannot record the pending copies", metadata: ["error": "\(error)"])
        }
        startRound()
    }

    /// A delivery round of its own: nothing waits for it — not the auto backup, not a shutdown,
    /// which a hanging FTP server would otherwise hold for the transfer's timeout. A copy cut by
    /// the process ending is still pending and goes at the next start.
    func startRound() {
        Task { await deliverPending() }
    }

    /// Tries every pending copy once, in order; the ones that fail stay. Asked for while a round
    /// runs, it makes that round run once more instead.
    func deliverPending() async {
        let starts = round.withLock { round in
            if round.busy { round.again = true } else { round.busy = true }
            return !round.again
        }
        guard starts else { return }
        repeat {
            await deliverOnce()
        } while round.withLock { round in
            defer { round = (busy: round.again, again: false) }
            return round.again
        }
    }

    private func deliverOnce() async {
        let settings = state().backupSettings
        for item in load() {
            let archive = directory.appendingPathComponent(item.folder).appendingPathComponent(item.name)
            var delivered = false
            switch item.channel {
            case _ where !FileManager.default.fileExists(atPath: archive.path):
                delivered = true  // expired or deleted: nothing left to copy
            case .ftp:
                guard let server = settings.ftp else {
                    delivered = true  // the channel was switched off
                    break
                }
                delivered = await upload(archive, to: server)
            case .email:
                guard let recipient = settings.emailRecipient, let smtpServer = state().smtpServer else {
                    delivered = true
                    break
                }
                delivered = await mail(archive, to: recipient, through: smtpServer)
            }
            if delivered {
                do { try update { $0.removeAll { $0 == item } } } catch {
                    logger.error("backup distribution: cannot update the pending copies", metadata: ["error": "\(error)"])
                }
            }
        }
    }

    /// Starts a round every ``retryInterval`` on the clock while copies are pending, until
    /// cancelled.
    func retryLoop() async {
        while !Task.isCancelled {
            do {
                try await clock.sleep(until: clock.now() + Self.retryInterval)
            } catch {
                return
            }
            if !load().isEmpty { startRound() }
        }
    }

    /// The test button: a small file to the FTP server, an e-mail without attachment; for each
    /// channel `nil` when not configured, `.some(nil)` when it worked, otherwise why not.
    func test() async -> TestOutcome {
        let settings = state().backupSettings
        var outcome = TestOutcome(ftp: nil, email: nil)
        if let server = settings.ftp {
            do {
                try await ftp.test(server: server, password: try server.password.map(sealing.open), timeoutSeconds: Self.testTimeoutSeconds)
                outcome.ftp = .some(nil)
            } catch {
                outcome.ftp = .some("\(error)")
            }
        }
        if let recipient = settings.emailRecipient {
            if let smtpServer = state().smtpServer {
                let mail = message(to: recipient, from: smtpServer.sender, subject: "Callplane backup distribution test", body: testText, id: "test")
                do {
                    try await smtp.send(mail, to: smtpServer, password: try smtpServer.password.map(sealing.open), timeoutSeconds: Self.testTimeoutSeconds)
                    outcome.email = .some(nil)
                } catch {
                    outcome.email = .some("\(error)")
                }
            } else {
                outcome.email = .some("no SMTP server is set (PUT /api/v1/email/smtp)")
            }
        }
        return outcome
    }

    private func upload(_ archive: URL, to server: FTPDistribution) async -> Bool {
        do {
            try await ftp.upload(
                file: archive, as: archive.lastPathComponent, to: server, password: try server.password.map(sealing.open),
                timeoutSeconds: Self.timeoutSeconds)
            logger.info("backup copied to the FTP server", metadata: ["archive": "\(archive.lastPathComponent)", "host": "\(server.host)"])
            await alarm.succeeded(.ftp)
            return true
        } catch {
            logger.error("backup distribution by FTP failed; tried again later", metadata: ["archive": "\(archive.lastPathComponent)", "error": "\(error)"])
            await alarm.failed(.ftp, reason: "\(error)")
            return false
        }
    }

    private func mail(_ archive: URL, to recipient: String, through server: SMTPServerSettings) async -> Bool {
        guard let contents = FileManager.default.contents(atPath: archive.path) else { return false }
        guard contents.count <= Self.largestAttachment else {
            logger.error("backup distribution by e-mail: the archive is too large to attach", metadata: ["bytes": "\(contents.count)"])
            mailOutcomes.failed(reason: 11, action: 6)
            return true  // it will not get smaller; the FTP copy and the server's own folders keep it
        }
        let system = state().identity
        let body = """
            The auto backup of \(system.name.isEmpty ? "Callplane" : system.name) (system \(system.systemID)) made \(archive.lastPathComponent), attached \
            (\(contents.count) bytes).

            The archive is encrypted with the backup passphrase; restore it with `callplane backup restore` or through the API \
            (Maintenance / Data backup). Do not unpack or change it.
            """
        var mail = message(
            to: recipient, from: server.sender, subject: "Callplane auto backup \(archive.lastPathComponent)", body: body, id: archive.lastPathComponent)
        mail.attachments = [SMTPAttachment(fileName: archive.lastPathComponent, contentType: "application/zip", content: Array(contents))]
        do {
            try await smtp.send(mail, to: server, password: try server.password.map(sealing.open), timeoutSeconds: Self.timeoutSeconds)
            logger.info("backup sent by e-mail", metadata: ["archive": "\(archive.lastPathComponent)"])
            mailOutcomes.succeeded()
            return true
        } catch let error as SMTPSendError {
            logger.error("backup distribution by e-mail failed", metadata: ["archive": "\(archive.lastPathComponent)", "error": "\(error)"])
            mailOutcomes.failed(reason: error.reason, action: error.action)
            return error.isPermanent && error.reason == 11
        } catch {
            logger.error("backup distribution by e-mail: cannot open the SMTP password", metadata: ["error": "\(error)"])
            mailOutcomes.failed(reason: 2, action: 0)
            return false
        }
    }

    private var testText: String {
        "A test of the backup distribution service: the SMTP server and the recipient work. The auto backup's archives will come this way."
    }

    private func message(to recipient: String, from sender: String, subject: String, body: String, id: String) -> SMTPMail {
        let domain = sender.split(separator: "@").last.map(String.init) ?? "localhost"
        let token = id.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }
        return SMTPMail(
            from: sender, recipients: [recipient], subject: subject, body: body, messageID: "<callplane.backup.\(token).\(clock.now())@\(domain)>",
            date: clock.now())
    }

    private func load() -> [Pending] {
        guard let data = FileManager.default.contents(atPath: pendingFile.path) else { return [] }
        return (try? JSONDecoder().decode([Pending].self, from: data)) ?? []
    }

    /// Changes the pending list on disk: written to a new file and renamed, so a kill leaves
    /// the old list or the new one.
    private func update(_ change: (inout [Pending]) -> Void) throws {
        try pendingList.withLock { _ in try write(change) }
    }

    private func write(_ change: (inout [Pending]) -> Void) throws {
        var list = load()
        change(&list)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let temporary = pendingFile.appendingPathExtension("new")
        try JSONEncoder().encode(list).write(to: temporary)
        guard rename(temporary.path, pendingFile.path) == 0 else { throw BackupError.storage("cannot write \(pendingFile.path): errno \(errno)") }
    }
}
