/// Why a session description could not be read: the rule it broke and the line (1-based) where.
///
/// RFC 4566 §5 asks a parser to ignore a whole description it cannot fully understand rather
/// than guess, so there is no partial result: the caller answers the offer with 488 (RFC 3261
/// §13.3.1.3) or drops the answer. ``line`` is `nil` when a typed attribute accessor raised the
/// error on a description that parsed.
public struct SDPParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var rule: Rule
    public var line: Int?
    /// What was found, e.g. the field and its value.
    public var detail: String?

    public init(_ rule: Rule, line: Int? = nil, detail: String? = nil) {
        self.rule = rule
        self.line = line
        self.detail = detail
    }

    public var description: String {
        var text = line.map { "line \($0): " } ?? ""
        text += rule.summary
        if let detail { text += ": " + detail }
        return text
    }
}
