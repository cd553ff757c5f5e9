import Foundation

/// Certificate validity times in the log's unit, microseconds since the Unix epoch.
///
/// X.509 times are UTCTime or GeneralizedTime (RFC 5280 §4.1.2.5), years 0000 to 9999, so
/// every one fits an `Int64` of microseconds; the conversion still checks rather than trap on
/// a value it was not built for.
enum CertificateTime {
    static func microseconds(_ date: Date, field: String) throws(CertificateRefusal) -> Int64 {
        let value = (date.timeIntervalSince1970 * 1_000_000).rounded(.down)
        guard value.isFinite, value > -9.2e18, value < 9.2e18 else {
            throw CertificateRefusal(field: field, rule: "a validity time outside the years 0000 to 9999 of RFC 5280 §4.1.2.5")
        }
        return Int64(value)
    }

    static func date(_ microseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(microseconds) / 1_000_000)
    }
}
