/// A SIP listen address that breaks its rule, naming the text and the rule.
public struct SIPListenAddressError: Error, Sendable, Hashable, CustomStringConvertible {
    public var text: String
    public var rule: String

    public init(text: String, rule: String) {
        self.text = text
        self.rule = rule
    }

    public var description: String { "\(text): \(rule)" }
}
