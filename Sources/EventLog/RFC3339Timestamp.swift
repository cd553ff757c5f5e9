/// Occurrence times as RFC 3339 UTC text to the microsecond, e.g. `2026-01-01T00:00:00.000000Z`.
///
/// The log records `at` in microseconds and both outside formats carry all of it (RFC 5424
/// §6.2.3.1 allows up to six fraction digits), so a receiver can order messages as exactly as the
/// log did. Written by hand because Foundation's ISO 8601 formatters stop at milliseconds. The
/// API, syslog and the webhook all write times with it, so they agree to the microsecond.
public enum RFC3339Timestamp {
    public static func string(microsecondsSinceEpoch value: Int64) -> String {
        let (seconds, microseconds) = floorDivision(value, 1_000_000)
        let (days, secondOfDay) = floorDivision(seconds, 86_400)
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        var text = ""
        text.reserveCapacity(27)
        text += digits(year, 4) + "-" + digits(month, 2) + "-" + digits(day, 2)
        text += "T" + digits(secondOfDay / 3_600, 2) + ":" + digits(secondOfDay / 60 % 60, 2)
        text += ":" + digits(secondOfDay % 60, 2) + "." + digits(microseconds, 6) + "Z"
        return text
    }

    /// Proleptic Gregorian date of a day count (H. Hinnant, "chrono-Compatible Low-Level Date
    /// Algorithms", `civil_from_days`): exact for every day, no calendar tables.
    private static func civilDate(daysSinceEpoch days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let remainder = value % divisor
        return remainder < 0 ? (value / divisor - 1, remainder + divisor) : (value / divisor, remainder)
    }

    private static func digits(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
