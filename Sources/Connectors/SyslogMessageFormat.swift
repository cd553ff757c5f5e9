import Domain
import EventLog
import EventMessages

/// One event message as an RFC 5424 syslog line:
///
///     <PRI>1 TIMESTAMP HOSTNAME callplane - EMnnn [callplane@32473 …][params@32473 …] NAME
///
/// Everything a network management system needs to act on the message travels in structured
/// data (RFC 5424 §6.3), so a collector can filter on `code`, `severity` or a parameter without
/// parsing the free text; the MSG part is only the manual's name for people reading the log.
public struct SyslogMessageFormat: Sendable, Hashable {
    /// The SD-IDs carry `@32473`, the enterprise number IANA reserves for documentation and
    /// examples (RFC 5612). A private enterprise number registered for the product replaces it;
    /// until then 32473 keeps the IDs syntactically valid (RFC 5424 §7.2.2) without claiming
    /// someone else's number.
    public static let enterpriseNumber = 32473
    public static let appName = "callplane"

    /// RFC 5424 facility 0…23 (§6.2.1); values outside are clamped so PRI stays valid.
    public let facility: Int
    /// RFC 5424 HOSTNAME (§6.2.4), already reduced to printable US-ASCII.
    public let hostname: String

    public init(facility: Int, hostname: String) {
        self.facility = min(max(facility, 0), 23)
        self.hostname = Self.printableASCII(hostname, maximumLength: 255)
    }

    /// The RFC 5424 syslog severity (§6.2.1, Table 2) of an event message severity.
    ///
    /// The manual has three levels and syslog eight; the mapping keeps the order and chooses the
    /// level an operator's collector already treats alike: *critical* (red, the system needs
    /// someone now) is 2 Critical; *serious* (yellow, degraded but working) is 4 Warning; *normal*
    /// (blue) is 5 Notice, "normal but significant", because every event message is worth
    /// keeping and many collectors drop 6 Informational by default. Error (3) is left out:
    /// there is no manual level between Critical and Serious.
    public static func syslogSeverity(_ severity: EventSeverity) -> Int {
        switch severity {
        case .critical: 2
        case .serious: 4
        case .normal: 5
        }
    }

    /// The message framed for a stream by octet counting: `"<length> <message>"`, length in
    /// octets of the UTF-8 message (RFC 6587 §3.4.1 for TCP, RFC 5425 §4.3 for TLS). Unlike
    /// newline framing it survives any byte inside the message.
    public static func octetCounted(_ message: String) -> String {
        "\(message.utf8.count) " + message
    }

    /// The RFC 5424 line of one delivery, without framing (RFC 5426 §3.1 sends it as one UDP
    /// datagram as it is).
    public func line(for delivery: EventMessageDelivery) -> String {
        let message = delivery.message
        let priority = facility * 8 + Self.syslogSeverity(message.severity)
        let timestamp = RFC3339Timestamp.string(microsecondsSinceEpoch: message.at)
        var line = "<\(priority)>1 \(timestamp) \(hostname) \(Self.appName) - \(Self.messageID(code: message.code)) "
        line += Self.element(
            "callplane@\(Self.enterpriseNumber)",
            [
                ("position", String(delivery.position)),
                ("number", String(message.number)),
                ("type", message.type),
                ("code", String(message.code)),
                ("severity", message.severity.rawValue),
                ("polarity", message.polarity.rawValue),
                ("node", String(message.node)),
                ("simulated", message.simulated ? "true" : "false"),
            ])
        if !message.parameters.isEmpty {
            let parameters = message.parameters.sorted { $0.key < $1.key }
                .map { (Self.printableASCII($0.key, maximumLength: 32, excluding: "= ]\""), $0.value) }
            line += Self.element("params@\(Self.enterpriseNumber)", parameters)
        }
        line += " " + (delivery.eventType?.name ?? message.type)
        return line
    }

    /// MSGID (§6.2.7): `EM` and the catalogue code in at least three digits, so collectors can
    /// match a type by one fixed token (`EM007`) in any message.
    static func messageID(code: Int) -> String {
        let digits = String(code)
        return "EM" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }

    private static func element(_ id: String, _ parameters: [(String, String)]) -> String {
        "[" + id + parameters.map { " \($0.0)=\"\(escaped($0.1))\"" }.joined() + "]"
    }

    /// PARAM-VALUE escaping (RFC 5424 §6.3.3): `"`, `\` and `]` get a backslash; any other
    /// UTF-8 text stays as it is.
    static func escaped(_ value: String) -> String {
        var result = ""
        result.reserveCapacity(value.utf8.count)
        for character in value.unicodeScalars {
            if character == "\"" || character == "\\" || character == "]" { result.unicodeScalars.append("\\") }
            result.unicodeScalars.append(character)
        }
        return result
    }

    /// HOSTNAME and SD-NAME allow printable US-ASCII only (RFC 5424 §6, PRINTUSASCII and
    /// SD-NAME); anything else becomes `_` rather than making the whole line invalid. An empty
    /// value becomes the NILVALUE `-`.
    private static func printableASCII(_ text: String, maximumLength: Int, excluding excluded: String = "") -> String {
        let cleaned = String(
            String.UnicodeScalarView(
                text.unicodeScalars.prefix(maximumLength).map {
                    (33...126).contains($0.value) && !excluded.unicodeScalars.contains($0) ? $0 : "_"
                }))
        return cleaned.isEmpty ? "-" : cleaned
    }
}
