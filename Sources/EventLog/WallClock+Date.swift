import Foundation

extension WallClock {
    /// ``now()`` as a `Date`, for what names files and calendars by it (backups, their runs).
    public func nowAsDate() -> Date { Date(timeIntervalSince1970: Double(now()) / 1_000_000) }
}
