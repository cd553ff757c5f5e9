import Foundation

/// When the auto backup runs and how long its copies are kept (manual §5.6.4.1): a backup every
/// day at `timeOfDay` into `backup/day/`, a copy into `backup/week/` when the week changes and into
/// `backup/month/` when the month changes, each deleted once older than its storage time.
public struct AutoBackupSettings: Sendable, Hashable {
    /// Minutes after midnight, in `timeZone`.
    public var timeOfDay: Int
    public var keepDays: Int
    public var keepWeeks: Int
    public var keepMonths: Int
    public var timeZone: TimeZone

    /// The manual gives no storage times; these keep a week of days, a month of weeks and a
    /// year of months, the rotation an administrator would set up by hand.
    public static let standard = AutoBackupSettings(timeOfDay: 2 * 60, keepDays: 7, keepWeeks: 5, keepMonths: 12, timeZone: .current)
    public static let keepDaysRange = 1...62
    public static let keepWeeksRange = 1...104
    public static let keepMonthsRange = 1...120

    public init(timeOfDay: Int, keepDays: Int, keepWeeks: Int, keepMonths: Int, timeZone: TimeZone) {
        self.timeOfDay = timeOfDay
        self.keepDays = keepDays
        self.keepWeeks = keepWeeks
        self.keepMonths = keepMonths
        self.timeZone = timeZone
    }

    /// The settings from `HH:MM` and `days,weeks,months`, or the rule the text breaks.
    public init(time: String, keep: String, timeZone: TimeZone = .current) throws(AutoBackupSettingsError) {
        let clock = time.split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 2, let hours = Int(clock[0]), let minutes = Int(clock[1]), (0...23).contains(hours), (0...59).contains(minutes),
            clock[1].count == 2
        else { throw AutoBackupSettingsError(setting: "time", rule: "HH:MM, 00:00 to 23:59 (given \(time))") }
        let counts = keep.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard counts.count == 3, let days = counts[0], let weeks = counts[1], let months = counts[2] else {
            throw AutoBackupSettingsError(setting: "keep", rule: "days,weeks,months, e.g. 7,5,12 (given \(keep))")
        }
        for (name, value, range) in [("days", days, Self.keepDaysRange), ("weeks", weeks, Self.keepWeeksRange), ("months", months, Self.keepMonthsRange)]
        where !range.contains(value) {
            throw AutoBackupSettingsError(setting: "keep", rule: "\(name) \(range.lowerBound) to \(range.upperBound) (given \(value))")
        }
        self.init(timeOfDay: hours * 60 + minutes, keepDays: days, keepWeeks: weeks, keepMonths: months, timeZone: timeZone)
    }
}
