import Backup
import ControlPlane
import Domain
import EventLog
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Runs the auto backup of manual §5.6.4.1 on the server's clock while the settings ask for it:
/// every day at the set time an archive into `backup/day/`, copied into `week/` and `month/` when
/// those change, each deleted after its storage time (``AutoBackup``). A changed setting takes
/// effect at once: the schedule is rebuilt from the new settings.
///
/// Each archive made is recorded in the log as the system's (`backup.created`), so the log says
/// when the last backup was. A run that fails raises "Auto backup failed" (step `backup`) once,
/// and the first run that succeeds again clears it.
struct AutoBackupService: Service {
    let archives: DataBackupArchives
    let clock: any WallClock
    let settings: @Sendable () -> BackupSettings
    let execute: @Sendable (Command) async throws -> Void
    let activeFailureSteps: @Sendable () -> Set<String>
    let logger: Logger
    /// How often the settings are compared, in real time: a settings change needs no clock to move.
    static let settingsPoll: Duration = .milliseconds(500)

    init(archives: DataBackupArchives, pipeline: CommandPipeline, projection: StateProjection, clock: any WallClock, logger: Logger) {
        self.archives = archives
        self.clock = clock
        settings = { projection.current.state.backupSettings }
        execute = { command in _ = try await pipeline.execute(command, origin: CommandOrigin(actor: "system", source: "autobackup")) }
        activeFailureSteps = {
            Set(
                projection.current.state.eventMessages.activeMessages.filter { $0.type == EventCatalogue.Key.autoBackupFailed }
                    .compactMap { $0.parameters["step"] })
        }
        self.logger = logger
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
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
        let failing = activeFailureSteps().contains(Self.backupStep)
        switch outcome {
        case .success(let run):
            logger.info(
                "auto backup made",
                metadata: ["archive": "\(run.archive.lastPathComponent)", "folders": "\(run.folders.map(\.rawValue))", "deleted": "\(run.deleted)"])
            await perform(
                .recordBackupCreated(
                    BackupArchiveRecord(
                        folder: AutoBackupFolder.day.rawValue, name: run.archive.lastPathComponent, headPosition: nil,
                        bytes: DataBackupArchives.size(of: run.archive))))
            if failing { await raise(EventCatalogue.Key.autoBackupSuccessful, reason: "") }
        case .failure(let error):
            logger.error("auto backup failed; tried again in an hour", metadata: ["error": "\(Self.reason(error))"])
            if !failing { await raise(EventCatalogue.Key.autoBackupFailed, reason: Self.reason(error)) }
        }
    }

    static let backupStep = "backup"

    /// What an administrator reads in the event message: a file system error's own words and
    /// the path, not Foundation's dump of its user info.
    static func reason(_ error: any Error) -> String {
        guard type(of: error) == NSError.self || error is CocoaError else { return "\(error)" }
        let error = error as NSError
        let path = error.userInfo[NSFilePathErrorKey] as? String ?? (error.userInfo[NSURLErrorKey] as? URL)?.path
        return error.localizedDescription + (path.map { " (\($0))" } ?? "")
    }

    private func raise(_ type: String, reason: String) async {
        await perform(
            .raiseEventMessage(
                EventMessageRequest(type: type, parameters: ["step": Self.backupStep, "reason": EventMessageRequest.parameterValue(reason)], at: clock.now())))
    }

    private func perform(_ command: Command) async {
        do {
            try await execute(command)
        } catch {
            logger.error("auto backup: could not record", metadata: ["error": "\(error)"])
        }
    }
}
