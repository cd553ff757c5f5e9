/// A refusal of the SRM server's own: a file it cannot read or write, a system id or password
/// that breaks a rule. The text names the rule, so the CLI prints it as it is.
public struct SRMServerError: Error, Sendable, Hashable, CustomStringConvertible {
    public var rule: String

    public init(_ rule: String) {
        self.rule = rule
    }

    public var description: String { rule }
}
