import Foundation

/// The auto backup's calendar (manual §5.6.4.1), without I/O: when the next run is due, which
/// folders a run's archive goes to, and which archives have outlived their storage time. Every
/// answer is a function of the settings and the instants given, so it is tested on virtual time.
public struct AutoBackupSchedule: Sendable {
    public let settings: AutoBackupSettings
    private let calendar: Calendar

    public init(settings: AutoBackupSettings) {
        self.settings = settings
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = settings.timeZone
        self.calendar = calendar
    }

    /// The first run time strictly after `instant`.
    public func nextRun(after instant: Date) -> Date {
        let day = calendar.startOfDay(for: instant)
        let today = calendar.date(byAdding: .minute, value: settings.timeOfDay, to: day)!
        if today > instant { return today }
        let tomorrow = calendar.date(byAdding: .day, value: 1, to: day)!
        return calendar.date(byAdding: .minute, value: settings.timeOfDay, to: calendar.startOfDay(for: tomorrow))!
    }

    /// Where the archive of the run at `run` goes: always `day`; `week` when the newest archive in
    /// `week/` is of another (ISO) week or there is none; `month` likewise by calendar month.
    public func folders(for run: Date, newestWeek: Date?, newestMonth: Date?) -> [AutoBackupFolder] {
        var folders: [AutoBackupFolder] = [.day]
        let week = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: run)
        if newestWeek.map({ calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: $0) != week }) ?? true { folders.append(.week) }
        let month = calendar.dateComponents([.year, .month], from: run)
        if newestMonth.map({ calendar.dateComponents([.year, .month], from: $0) != month }) ?? true { folders.append(.month) }
        return folders
    }

    /// Whether an archive of `folder` made at `made` has outlived its storage time at `now`.
    public func isExpired(_ folder: AutoBackupFolder, made: Date, now: Date) -> Bool {
        let (component, count): (Calendar.Component, Int) =
            switch folder {
            case .day: (.day, settings.keepDays)
            case .week: (.weekOfYear, settings.keepWeeks)
            case .month: (.month, settings.keepMonths)
            }
        return calendar.date(byAdding: component, value: count, to: made)! <= now
    }

    /// The archive's file name for a run: sortable, without colons, in the settings' time zone.
    public func fileName(for run: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = settings.timeZone
        formatter.dateFormat = "yyyy-MM-dd'T'HH-mm"
        return "callplane-\(formatter.string(from: run)).zip"
    }

    /// The run time a file name of ``fileName(for:)`` stands for; nil for any other name.
    public func run(ofFileName name: String) -> Date? {
        guard name.hasPrefix("callplane-"), name.hasSuffix(".zip") else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = settings.timeZone
        formatter.dateFormat = "yyyy-MM-dd'T'HH-mm"
        return formatter.date(from: String(name.dropFirst("callplane-".count).dropLast(".zip".count)))
    }
}
