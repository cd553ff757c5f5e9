import Backup
import Connectors
import ControlPlane
import Domain
import EventLog
import Foundation
import Logging
import ServiceLifecycle

/// Runs the auto backup of manual §5.6.4.1 on the server's clock while the settings ask for it:
/// every day at the set time an archive into `backup/day/`, copied into `week/` and `month/` when
/// those change, each deleted after its storage time (``AutoBackup``), and each archive handed to
/// the distribution service (§5.6.4.2, ``BackupDistribution``). A changed setting takes effect
/// at once: the schedule is rebuilt from the new settings.
///
/// Each archive made is recorded in the log as the system's (`backup.created`), so the log says
/// when the last backup was. A run that fails raises "Auto backup failed" (step `backup`) once and
/// is tried again hourly; the first run that succeeds clears it.
struct AutoBackupService: Service {
    let archives: DataBackupArchives
    let distribution: BackupDistribution
    let alarm: AutoBackupAlarm
    let clock: any WallClock
    let settings: @Sendable () -> BackupSettings
    let record: @Sendable (Command) async throws -> Void
    let logger: Logger
    /// How often the settings are compared, in real time: a settings change needs no clock to move.
    static let settingsPoll: Duration = .milliseconds(500)

    init(
        archives: DataBackupArchives, distribution: BackupDistribution, alarm: AutoBackupAlarm, pipeline: CommandPipeline, projection: StateProjection,
        clock: any WallClock, logger: Logger
    ) {
        self.archives = archives
        self.distribution = distribution
        self.alarm = alarm
        self.clock = clock
        settings = { projection.current.state.backupSettings }
        record = { command in _ = try await pipeline.execute(command, origin: Self.origin) }
        self.logger = logger
    }

    static let origin = CommandOrigin(actor: "system", source: "autobackup")

    func run() async throws {
        await cancelWhenGracefulShutdown {
            distribution.startRound()
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await distribution.retryLoop() }
                group.addTask { await followSettings() }
                await group.next()
                await group.waitForAll()
            }
        }
    }

    /// Rebuilds the schedule whenever the settings change, until cancelled.
    private func followSettings() async {
        var current: BackupSettings?
        var schedule: Task<Void, Never>?
        while !Task.isCancelled {
            let latest = settings()
            if latest != current {
                schedule?.cancel()
                await schedule?.value
                current = latest
                schedule = latest.autoBackup && latest.passphrase != nil ? Task { await runSchedule(latest) } : nil
            }
            try? await Task.sleep(for: Self.settingsPoll)
        }
        schedule?.cancel()
        await schedule?.value
    }

    private func runSchedule(_ settings: BackupSettings) async {
        let autoBackup = AutoBackup(
            settings: AutoBackupSettings(
                timeOfDay: settings.timeOfDay, keepDays: settings.keepDays, keepWeeks: settings.keepWeeks, keepMonths: settings.keepMonths,
                timeZone: .current),
            directory: archives.directory
        ) { [archives] url, _ in
            _ = try await archives.write(to: url, passphrase: try archives.configuredPassphrase(), createdBy: "autobackup")
        }
        await autoBackup.run(clock: clock) { outcome in await report(outcome) }
    }

    private func report(_ outcome: Result<AutoBackup.Run, any Error>) async {
        switch outcome {
        case .success(let run):
            let name = run.archive.lastPathComponent
            logger.info("auto backup made", metadata: ["archive": "\(name)", "folders": "\(run.folders.map(\.rawValue))", "deleted": "\(run.deleted)"])
            do {
                try await record(
                    .recordBackupCreated(
                        BackupArchiveRecord(folder: AutoBackupFolder.day.rawValue, name: name, bytes: DataBackupArchives.size(of: run.archive))))
            } catch {
                logger.error("auto backup: could not record", metadata: ["error": "\(error)"])
            }
            await alarm.succeeded(.backup)
            distribution.distribute(folder: AutoBackupFolder.day.rawValue, name: name)
        case .failure(let error):
            logger.error("auto backup failed; tried again in an hour", metadata: ["error": "\(Self.reason(error))"])
            await alarm.failed(.backup, reason: Self.reason(error))
        }
    }

    /// What an administrator reads in the event message: a file system error's own words and
    /// the path, not Foundation's dump of its user info.
    static func reason(_ error: any Error) -> String {
        guard type(of: error) == NSError.self || error is CocoaError else { return "\(error)" }
        let error = error as NSError
        let path = error.userInfo[NSFilePathErrorKey] as? String ?? (error.userInfo[NSURLErrorKey] as? URL)?.path
        return error.localizedDescription + (path.map { " (\($0))" } ?? "")
    }
}
