import Foundation

/// A value the agent answers with, in the SMIv2 base types the MIB uses.
public enum MIBValue: Sendable, Hashable {
    case integer(Int32)
    case unsigned(UInt32)
    case gauge(UInt32)
    case timeTicks(UInt32)
    case octets([UInt8])
    /// `cpUptime`: the agent's time since it started, in hundredths, read when it is asked for
    /// (a snapshot lives for many seconds).
    case uptime

    static func text(_ string: String) -> MIBValue { .octets(Array(string.utf8.prefix(255))) }

    static func clampedUnsigned(_ value: some BinaryInteger) -> MIBValue { .unsigned(UInt32(clamping: value)) }

    static func clampedGauge(_ value: some BinaryInteger) -> MIBValue { .gauge(UInt32(clamping: value)) }

    static func truth(_ value: Bool) -> MIBValue { .integer(value ? 1 : 2) }

    /// SNMPv2-TC `DateAndTime` in UTC (11 octets, direction '+', offset 0:0), from microseconds
    /// since the Unix epoch; 0 (never) is 1970-01-01,00:00:00.0.
    static func dateAndTime(microseconds: Int64) -> MIBValue {
        var seconds = Int(microseconds / 1_000_000)
        let deciseconds = UInt8((microseconds % 1_000_000) / 100_000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let year = UInt16(parts.tm_year + 1900)
        return .octets([
            UInt8(year >> 8), UInt8(year & 0xFF), UInt8(parts.tm_mon + 1), UInt8(parts.tm_mday),
            UInt8(parts.tm_hour), UInt8(parts.tm_min), UInt8(parts.tm_sec), deciseconds,
            UInt8(ascii: "+"), 0, 0,
        ])
    }
}
