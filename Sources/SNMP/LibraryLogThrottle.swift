/// Keeps net-snmp's complaints about what arrives on the wire from flooding the server's log
/// (issue 13, point 12: 21,000 malformed packets wrote 938 lines). Each kind of line — its text
/// with the numbers taken out, since net-snmp names lengths, counts and request ids — is
/// logged at most once a minute; the next one after the minute says how many were held back.
///
/// net-snmp's lines do not name the packet's source, so the kind of line stands in for it; the
/// exact count of bad packets is the metric `callplane_snmp_malformed_packets_total`.
struct LibraryLogThrottle: Sendable {
    static let interval: Int64 = 60_000_000
    /// Kinds remembered at most; beyond it the ones whose minute has passed are forgotten.
    static let kindsKept = 256

    private var kinds: [String: (loggedAt: Int64, held: Int)] = [:]

    /// The line to log now (with the number held back since the last one), or `nil` to hold it.
    mutating func admit(_ line: String, now: Int64) -> String? {
        var kind = ""
        for character in line where !(character.isNumber && kind.last == "#") {
            kind.append(character.isNumber ? "#" : character)
        }
        if let last = kinds[kind], now - last.loggedAt < Self.interval {
            kinds[kind] = (last.loggedAt, last.held + 1)
            return nil
        }
        let held = kinds[kind]?.held ?? 0
        if kinds.count >= Self.kindsKept { kinds = kinds.filter { now - $0.value.loggedAt < Self.interval } }
        kinds[kind] = (now, 0)
        return held == 0 ? line : "\(line) (and \(held) like it in the last minute, not logged)"
    }
}
