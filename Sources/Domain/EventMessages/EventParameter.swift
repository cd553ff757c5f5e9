/// One parameter of an event type, as listed in Tab. 24's "Details" column. Date, time and node
/// are not parameters: every occurrence carries them in its envelope.
public struct EventParameter: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A whole number (slot, port, user number as digits, counts, percentages, codes).
        case number
        /// Free text (provider, account, IP address, names).
        case text
        /// A four-digit code XXYY whose halves are codes of their own (Tab. 25: the reason XX
        /// an e-mail failed and the action YY the SMTP client was carrying out): kept as its four
        /// digits, "0403" never "403", and each half must be one the manual lists.
        case codePair(first: [Int: String], second: [Int: String])
    }

    /// camelCase key used in payloads, the API and syslog structured data, e.g. `provider`.
    public let key: String
    /// What the parameter is, in the manual's terms, e.g. "Provider".
    public let name: String
    public let kind: Kind
    /// The meaning of coded values (e.g. `0: "Logoff", 1: "Missing cycle signal"`); empty when
    /// the value is not a code.
    public let codes: [Int: String]

    /// `4` → `04`, as each half of a ``Kind/codePair(first:second:)`` is written.
    public static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : String(value)
    }

    public init(_ key: String, _ name: String, _ kind: Kind = .text, codes: [Int: String] = [:]) {
        self.key = key
        self.name = name
        self.kind = kind
        self.codes = codes
    }
}
