/// A request method (RFC 3261 §7.1, §27.4): a case-sensitive token. Methods this stack does not
/// know are carried as they are, so the element can answer 405 or 501 rather than 400
/// (RFC 4475 §3.1.1.2).
public struct SIPMethod: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String

    /// `nil` unless `rawValue` is a non-empty token.
    public init?(rawValue: String) {
        guard !rawValue.isEmpty, rawValue.utf8.allSatisfy({ SIPCharacterClass.isMember($0, of: .token) }) else { return nil }
        self.rawValue = rawValue
    }

    /// - Precondition: `value` is a token.
    public init(stringLiteral value: String) {
        guard let method = SIPMethod(rawValue: value) else { preconditionFailure("a SIP method is a token (RFC 3261 §25.1): \(value)") }
        self = method
    }

    init(unchecked rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    public static let invite: SIPMethod = "INVITE"
    public static let ack: SIPMethod = "ACK"
    public static let bye: SIPMethod = "BYE"
    public static let cancel: SIPMethod = "CANCEL"
    public static let register: SIPMethod = "REGISTER"
    public static let options: SIPMethod = "OPTIONS"
    public static let info: SIPMethod = "INFO"
    public static let update: SIPMethod = "UPDATE"
    public static let prack: SIPMethod = "PRACK"
    public static let subscribe: SIPMethod = "SUBSCRIBE"
    public static let notify: SIPMethod = "NOTIFY"
    public static let refer: SIPMethod = "REFER"
    public static let message: SIPMethod = "MESSAGE"
    public static let publish: SIPMethod = "PUBLISH"
}
