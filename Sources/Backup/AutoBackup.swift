import EventLog
import Foundation

/// The auto backup (manual §5.6.4.1) in a data directory's `backup/`: at each run an archive
/// into `day/`, linked into `week/` and `month/` when the week or the month changed, and every
/// archive past its storage time deleted. It sleeps on the injected clock, so the calendar is
/// proven on virtual time.
///
/// A run the server was down for is made up at start when its day is not over, so a restart at
/// the wrong moment does not cost a day's backup; older missed runs are not made up (the log
/// itself has their events, and the next run carries them).
public final class AutoBackup: Sendable {
    public struct Run: Sendable {
        public var at: Date
        public var archive: URL
        public var folders: [AutoBackupFolder]
        /// Archives deleted for their storage time, as `folder/name`.
        public var deleted: [String]
    }

    public let schedule: AutoBackupSchedule
    public let directory: URL
    private let write: @Sendable (URL, Date) async throws -> Void

    /// - Parameters:
    ///   - directory: `backup/` of the data directory.
    ///   - write: makes one archive at the URL, for the run at the date (``BackupWriter``).
    public init(settings: AutoBackupSettings, directory: URL, write: @escaping @Sendable (URL, Date) async throws -> Void) {
        schedule = AutoBackupSchedule(settings: settings)
        self.directory = directory
        self.write = write
    }

    /// A failed run is tried again after this long (a full disk cleared, a folder put back)
    /// until the next day's run takes over.
    public static let retryInterval: TimeInterval = 3600

    /// Sleeps until each run and performs it, reporting each outcome, until cancelled.
    public func run(clock: any WallClock, report: @Sendable (Result<Run, any Error>) async -> Void) async {
        var now = clock.nowAsDate()
        /// The run that failed and when to try it again.
        var retry: (run: Date, at: Date)?
        func perform(_ run: Date) async {
            let outcome = await attempt(at: run, now: now)
            if case .failure = outcome { retry = (run, now.addingTimeInterval(Self.retryInterval)) } else { retry = nil }
            await report(outcome)
        }
        if let missed = missedRun(now: now) { await perform(missed) }
        // Counted from the last run due, not from the time a run finished: a retry or a slow
        // backup must not push the next day's run out.
        var next = schedule.nextRun(after: now)
        while !Task.isCancelled {
            let wake = retry.map { min($0.at, next) } ?? next
            do {
                try await clock.sleep(until: Self.microseconds(wake))
            } catch {
                return
            }
            now = clock.nowAsDate()
            if let pending = retry, wake < next {
                await perform(pending.run)
                continue
            }
            // Woken after several runs were due (a suspended machine): the latest stands for them.
            while case let later = schedule.nextRun(after: next), later <= now { next = later }
            await perform(next)
            next = schedule.nextRun(after: next)
        }
    }

    private func attempt(at run: Date, now: Date) async -> Result<Run, any Error> {
        do {
            return .success(try await perform(at: run, now: now))
        } catch {
            return .failure(error)
        }
    }

    /// The run of today that has not been made, if its time has passed.
    func missedRun(now: Date) -> Date? {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = schedule.settings.timeZone
        let last = calendar.date(byAdding: .day, value: -1, to: schedule.nextRun(after: now))!
        guard calendar.isDate(last, inSameDayAs: now) else { return nil }
        let made = archives(in: .day).contains { $0.run == last }
        return made ? nil : last
    }

    /// One run: the archive in `day/`, its links, then the deletions.
    public func perform(at run: Date, now: Date) async throws -> Run {
        for folder in AutoBackupFolder.allCases {
            let url = directory.appendingPathComponent(folder.rawValue, isDirectory: true)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            BackupWriter.removeLeftovers(in: url)
        }
        let name = schedule.fileName(for: run)
        let archive = directory.appendingPathComponent(AutoBackupFolder.day.rawValue).appendingPathComponent(name)
        let folders = schedule.folders(
            for: run, newestWeek: archives(in: .week).map(\.run).max(), newestMonth: archives(in: .month).map(\.run).max())
        if !FileManager.default.fileExists(atPath: archive.path) { try await write(archive, run) }
        for folder in folders where folder != .day {
            let copy = directory.appendingPathComponent(folder.rawValue).appendingPathComponent(name)
            guard !FileManager.default.fileExists(atPath: copy.path) else { continue }
            // A hard link: the copy costs no space, and deleting the day's name leaves it whole.
            do {
                try FileManager.default.linkItem(at: archive, to: copy)
            } catch {
                try FileManager.default.copyItem(at: archive, to: copy)
            }
        }
        var deleted: [String] = []
        for folder in AutoBackupFolder.allCases {
            for file in archives(in: folder) where schedule.isExpired(folder, made: file.run, now: now) {
                try FileManager.default.removeItem(at: file.url)
                deleted.append("\(folder.rawValue)/\(file.url.lastPathComponent)")
            }
        }
        return Run(at: run, archive: archive, folders: folders, deleted: deleted)
    }

    /// The archives of `folder` with the run each stands for (names of other files are ignored).
    public func archives(in folder: AutoBackupFolder) -> [(url: URL, run: Date)] {
        let url = directory.appendingPathComponent(folder.rawValue, isDirectory: true)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.sorted().compactMap { name in schedule.run(ofFileName: name).map { (url.appendingPathComponent(name), $0) } }
    }

    static func microseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) }
}
