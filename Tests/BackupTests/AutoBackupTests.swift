import EventLog
import Foundation
import Synchronization
import Testing
@testable import Backup

/// Manual §5.6.4.1 on virtual time: daily runs, the week's and the month's copies, storage times.
@Suite struct AutoBackupTests {
    static let utc = TimeZone(identifier: "UTC")!

    static func date(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text)!
    }

    struct Directory {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("callplane-auto-\(UUID().uuidString)")
        func names(_ folder: AutoBackupFolder) -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: url.appendingPathComponent(folder.rawValue).path)) ?? []).sorted()
        }
        func remove() { try? FileManager.default.removeItem(at: url) }
    }

    /// Writes the run's time into the file instead of an archive: the calendar is under test here.
    static func stamp(_ url: URL, _ run: Date) async throws {
        try Data(ISO8601DateFormatter().string(from: run).utf8).write(to: url)
    }

    @Test func settingsAreReadFromTextAndRefusedOutOfRange() throws {
        let settings = try AutoBackupSettings(time: "02:30", keep: "7,5,12", timeZone: Self.utc)
        #expect(settings.timeOfDay == 150 && settings.keepDays == 7 && settings.keepWeeks == 5 && settings.keepMonths == 12)
        #expect(throws: AutoBackupSettingsError(setting: "time", rule: "HH:MM, 00:00 to 23:59 (given 24:00)")) {
            try AutoBackupSettings(time: "24:00", keep: "7,5,12")
        }
        #expect(throws: AutoBackupSettingsError(setting: "keep", rule: "days 1 to 62 (given 0)")) {
            try AutoBackupSettings(time: "02:00", keep: "0,5,12")
        }
        #expect(throws: AutoBackupSettingsError(setting: "keep", rule: "days,weeks,months, e.g. 7,5,12 (given 7,5)")) {
            try AutoBackupSettings(time: "02:00", keep: "7,5")
        }
    }

    @Test func nextRunIsTodayBeforeTheTimeAndTomorrowAfterIt() {
        let schedule = AutoBackupSchedule(settings: AutoBackupSettings(timeOfDay: 120, keepDays: 7, keepWeeks: 5, keepMonths: 12, timeZone: Self.utc))
        #expect(schedule.nextRun(after: Self.date("2026-12-31T01:59:00Z")) == Self.date("2026-12-31T02:00:00Z"))
        #expect(schedule.nextRun(after: Self.date("2026-12-31T02:00:00Z")) == Self.date("2027-01-01T02:00:00Z"))
        #expect(schedule.fileName(for: Self.date("2026-12-31T02:00:00Z")) == "callplane-2026-12-31T02-00.zip")
        #expect(schedule.run(ofFileName: "callplane-2026-12-31T02-00.zip") == Self.date("2026-12-31T02:00:00Z"))
        #expect(schedule.run(ofFileName: "notes.txt") == nil)
    }

    /// 48 daily runs from Friday 20 November 2026 to Wednesday 6 January 2027: across two month
    /// boundaries and a year's. Expected folders worked out by hand from the calendar: a week's
    /// copy on the first run and on each Monday (ISO weeks), a month's on the first run and on
    /// each 1st; kept 7 days, 3 weeks, 2 months.
    @Test func dailyRunsFillDayWeekAndMonthAndExpireByStorageTime() async throws {
        let directory = Directory()
        defer { directory.remove() }
        let settings = AutoBackupSettings(timeOfDay: 120, keepDays: 7, keepWeeks: 3, keepMonths: 2, timeZone: Self.utc)
        let auto = AutoBackup(settings: settings, directory: directory.url, write: Self.stamp)
        var run = Self.date("2026-11-20T02:00:00Z")
        var weekCopies: [String] = []
        var monthCopies: [String] = []
        while run <= Self.date("2027-01-06T02:00:00Z") {
            let made = try await auto.perform(at: run, now: run)
            if made.folders.contains(.week) { weekCopies.append(made.archive.lastPathComponent) }
            if made.folders.contains(.month) { monthCopies.append(made.archive.lastPathComponent) }
            run = auto.schedule.nextRun(after: run)
        }
        #expect(
            weekCopies
                == ["2026-11-20", "2026-11-23", "2026-11-30", "2026-12-07", "2026-12-14", "2026-12-21", "2026-12-28", "2027-01-04"].map {
                    "callplane-\($0)T02-00.zip"
                })
        #expect(monthCopies == ["2026-11-20", "2026-12-01", "2027-01-01"].map { "callplane-\($0)T02-00.zip" })
        #expect(
            directory.names(.day)
                == ["2026-12-31", "2027-01-01", "2027-01-02", "2027-01-03", "2027-01-04", "2027-01-05", "2027-01-06"].map { "callplane-\($0)T02-00.zip" })
        // Made 21 December, kept three weeks: until 11 January; 14 December's went on 4 January.
        #expect(directory.names(.week) == ["2026-12-21", "2026-12-28", "2027-01-04"].map { "callplane-\($0)T02-00.zip" })
        #expect(directory.names(.month) == ["2026-11-20", "2026-12-01", "2027-01-01"].map { "callplane-\($0)T02-00.zip" })
        // A week's copy is the day's archive itself (a hard link), still whole after the day's name went.
        let weekly = directory.url.appendingPathComponent("week/callplane-2026-12-21T02-00.zip")
        #expect(String(decoding: try Data(contentsOf: weekly), as: UTF8.self) == "2026-12-21T02:00:00Z")
    }

    /// The loop sleeps on the injected clock until 02:00, runs, and sleeps until the next day;
    /// a start after today's run time with no archive of today makes it up at once. The archive
    /// is a real backup of a log, and the week's copy of it verifies.
    @Test func theLoopRunsOnTheInjectedClockAndMakesUpTodaysMissedRun() async throws {
        let fixture = try BackupFixture()
        defer { fixture.tearDown() }
        try await fixture.configure(users: 2)
        let directory = Directory()
        defer { directory.remove() }
        let key = try BackupKeyChoice.passphrase.key()
        let logPath = fixture.logPath
        let auto = AutoBackup(
            settings: AutoBackupSettings(timeOfDay: 120, keepDays: 7, keepWeeks: 5, keepMonths: 12, timeZone: Self.utc), directory: directory.url
        ) { url, run in
            let log = try EventLog.open(path: logPath, mode: .readOnly)
            defer { Task { await log.close() } }
            try BackupWriter.write(
                log: log, to: url, key: key,
                options: .init(softwareVersion: "test", createdBy: "auto-backup", createdAt: AutoBackup.microseconds(run), secretKeyFile: nil))
        }
        // 05:00 on Monday 30 November: today's 02:00 run was missed.
        let clock = VirtualWallClock(startingAt: AutoBackup.microseconds(Self.date("2026-11-30T05:00:00Z")))
        let runs = Mutex<[AutoBackup.Run]>([])
        let loop = Task { await auto.run(clock: clock) { result in if case .success(let run) = result { runs.withLock { $0.append(run) } } } }
        defer { loop.cancel() }
        let tomorrow = AutoBackup.microseconds(Self.date("2026-12-01T02:00:00Z"))
        try await waitUntil { clock.sleeperDeadlines == [tomorrow] }
        #expect(runs.withLock { $0.map(\.at) } == [Self.date("2026-11-30T02:00:00Z")])
        clock.set(tomorrow)
        let dayAfter = AutoBackup.microseconds(Self.date("2026-12-02T02:00:00Z"))
        try await waitUntil { clock.sleeperDeadlines == [dayAfter] }
        let made = runs.withLock { $0 }
        #expect(made.map(\.at) == [Self.date("2026-11-30T02:00:00Z"), Self.date("2026-12-01T02:00:00Z")])
        #expect(made.last?.folders == [.day, .month])
        let weekly = directory.url.appendingPathComponent("week/callplane-2026-11-30T02-00.zip")
        let verified = try BackupReader.verify(weekly, passphrase: BackupFixture.passphrase, keyFile: nil)
        #expect(verified.manifest.createdBy == "auto-backup")
        #expect(auto.missedRun(now: Self.date("2026-12-01T05:00:00Z")) == nil)
    }

    @Test func aFailedRunIsTriedAgainHourlyUntilItSucceedsOrTheNextRunIsDue() async throws {
        let directory = Directory()
        defer { directory.remove() }
        let failing = Mutex(true)
        let auto = AutoBackup(
            settings: AutoBackupSettings(timeOfDay: 120, keepDays: 7, keepWeeks: 5, keepMonths: 12, timeZone: Self.utc), directory: directory.url
        ) { url, run in
            if failing.withLock({ $0 }) { throw BackupError.storage("disk full") }
            try await Self.stamp(url, run)
        }
        let clock = VirtualWallClock(startingAt: AutoBackup.microseconds(Self.date("2026-11-30T01:00:00Z")))
        let outcomes = Mutex<[String]>([])
        let loop = Task {
            await auto.run(clock: clock) { result in
                outcomes.withLock {
                    switch result {
                    case .success(let run): $0.append("made \(ISO8601DateFormatter().string(from: run.at))")
                    case .failure: $0.append("failed")
                    }
                }
            }
        }
        defer { loop.cancel() }
        let run = AutoBackup.microseconds(Self.date("2026-11-30T02:00:00Z"))
        try await waitUntil { clock.sleeperDeadlines == [run] }
        clock.set(run)
        // Failed at 02:00: the next wake is 03:00, not tomorrow.
        let retry = run + 3_600_000_000
        try await waitUntil { clock.sleeperDeadlines == [retry] }
        #expect(outcomes.withLock { $0 } == ["failed"])
        #expect(directory.names(.day).isEmpty)
        failing.withLock { $0 = false }
        clock.set(retry)
        // The retry makes the 02:00 archive (its name is the run's), then the loop waits for tomorrow.
        let tomorrow = AutoBackup.microseconds(Self.date("2026-12-01T02:00:00Z"))
        try await waitUntil { clock.sleeperDeadlines == [tomorrow] }
        #expect(outcomes.withLock { $0 } == ["failed", "made 2026-11-30T02:00:00Z"])
        #expect(directory.names(.day) == ["callplane-2026-11-30T02-00.zip"])
    }

    private func waitUntil(_ condition: () -> Bool) async throws {
        for _ in 0..<1_000 where !condition() { try await Task.sleep(for: .milliseconds(10)) }
        #expect(condition())
    }
}
