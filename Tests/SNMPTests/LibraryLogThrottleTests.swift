import Testing

@testable import SNMP

/// Issue 13, point 12: a flood of bad packets writes one line per kind and minute.
@Suite struct LibraryLogThrottleTests {
    @Test("one line per kind a minute; the next one says how many were held back")
    func throttles() {
        var throttle = LibraryLogThrottle()
        let minute = LibraryLogThrottle.interval
        #expect(throttle.admit("snmp_parse: length 12 too long", now: 0) == "snmp_parse: length 12 too long")
        let held = (1...500).compactMap { throttle.admit("snmp_parse: length \($0) too long", now: Int64($0) * 1_000) }
        #expect(held.isEmpty, "the same kind, numbers aside, within the minute")
        #expect(throttle.admit("security service 3 error parsing ScopedPDU", now: 10) != nil, "another kind is logged")
        #expect(
            throttle.admit("snmp_parse: length 7 too long", now: minute) == "snmp_parse: length 7 too long (and 500 like it in the last minute, not logged)")
        #expect(throttle.admit("snmp_parse: length 8 too long", now: minute + 1) == nil)
    }
}
