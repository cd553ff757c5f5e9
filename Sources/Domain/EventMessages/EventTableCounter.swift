/// The occurrences a custom filter row has counted since it last forwarded: the pure decision of
/// manual §6.3.1.2 ("how often the event message may appear for each period").
///
/// An occurrence at `t` counts together with the earlier ones after `t − period` (strictly
/// inside the window); when that makes `frequency`, the row forwards and the count starts
/// afresh. Only the last `frequency − 1` times are ever kept, so a row costs at most 19 numbers.
public struct EventTableCounter: Sendable, Hashable, Codable {
    /// Times (µs) of the counted occurrences, oldest first.
    public var times: [Int64] = []

    public init() {}

    /// Whether an occurrence at `at` would be forwarded; reads only.
    public func wouldForward(at: Int64, frequency: Int, periodHours: Int) -> Bool {
        let windowStart = at - Int64(periodHours) * 3_600_000_000
        var inWindow = 1
        for time in times where time > windowStart { inWindow += 1 }
        return inWindow >= frequency
    }

    /// Counts an occurrence at `at`; returns whether it is forwarded.
    public mutating func count(at: Int64, frequency: Int, periodHours: Int) -> Bool {
        let windowStart = at - Int64(periodHours) * 3_600_000_000
        times.removeAll { $0 <= windowStart }
        if times.count + 1 >= frequency {
            times.removeAll()
            return true
        }
        times.append(at)
        return false
    }
}
