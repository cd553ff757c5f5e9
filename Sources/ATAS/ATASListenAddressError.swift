/// An `atas.listen` setting that breaks its rule.
public struct ATASListenAddressError: Error, Sendable, Hashable, CustomStringConvertible {
    public var text: String
    public var rule: String

    public init(text: String, rule: String) {
        self.text = text
        self.rule = rule
    }

    public var description: String { "\(text): \(rule)" }
}
