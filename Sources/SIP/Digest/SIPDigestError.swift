/// Why an `Authorization`, `Proxy-Authorization`, `WWW-Authenticate` or `Proxy-Authenticate`
/// value could not be read or answered: the rule it broke and the parameter where.
///
/// A registrar answers a request whose credentials throw this with 400 Bad Request (RFC 3261
/// §8.2.2; RFC 2617 §3.2.2.5 for a `uri` that is not the Request-URI); a client that cannot
/// read or answer a challenge tries the next one (RFC 8760 §2.4) and otherwise gives up.
public struct SIPDigestError: Error, Sendable, Hashable, CustomStringConvertible {
    public var rule: Rule
    /// The auth-param whose name or value broke the rule, as spelled on the wire or, for a
    /// missing one, as the RFC spells it.
    public var parameter: String?
    /// What was found, short enough for a reason phrase.
    public var detail: String?

    public init(_ rule: Rule, parameter: String? = nil, detail: String? = nil) {
        self.rule = rule
        self.parameter = parameter
        self.detail = detail
    }

    public var description: String {
        var text = rule.summary
        if let parameter { text += " " + parameter }
        if let detail { text += ": " + detail }
        return text
    }
}
