/// Why a message, a header value or a URI could not be read, and what the receiver may do about
/// it.
///
/// RFC 3261 §8.2.2 and RFC 4475 expect a malformed *request* to be answered 400 when enough of it
/// was readable to route an answer back (its Via), and a malformed *response* to be dropped
/// (§18.1.2 leaves the client nothing to answer). ``answer`` says which applies, so the transport
/// can answer with a reason phrase naming the rule (``reasonPhrase``) or discard the datagram.
public struct SIPParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The grammar or robustness rule that was broken.
    public var rule: Rule
    /// The header field whose value broke the rule, in its long form (e.g. `Content-Length`).
    public var header: String?
    /// What was found, short enough for a reason phrase.
    public var detail: String?
    /// Set by the message parser: `nil` for an error raised by a typed accessor or a URI read on
    /// its own, where the caller holds the message and decides.
    public var answer: Answer?

    /// What the receiver of a malformed message may do.
    public enum Answer: Sendable, Hashable {
        /// A request whose Via was readable: answer 400 Bad Request (RFC 3261 §8.2.2.1). The
        /// headers read before the error are kept so the answer can copy Via, From, To, Call-ID
        /// and CSeq (§8.2.6.2); those that were unreadable are left out.
        case badRequest(SIPHeaders)
        /// A response, an ACK (never answered, §17.1.1.3), a message whose Via could not be read
        /// or that exceeded a size bound: drop it.
        case discard
    }

    public init(_ rule: Rule, header: String? = nil, detail: String? = nil, answer: Answer? = nil) {
        self.rule = rule
        self.header = header
        self.detail = detail
        self.answer = answer
    }

    /// True when a 400 can be built (``Answer/badRequest(_:)``).
    public var canAnswerWithBadRequest: Bool {
        if case .badRequest = answer { return true }
        return false
    }

    /// A reason phrase for the 400 that names the problem, e.g. `Bad Request (missing From, To)`.
    /// Printable ASCII only, so it is a valid Reason-Phrase whatever the input held (§25.1).
    public var reasonPhrase: String {
        "Bad Request (" + String(decoding: description.utf8.map { $0 >= 0x20 && $0 < 0x7F ? $0 : UInt8(ascii: "?") }, as: UTF8.self) + ")"
    }

    public var description: String {
        var text = rule.summary
        if let header { text += " " + header }
        if let detail { text += ": " + detail }
        return text
    }

    func with(answer: Answer) -> SIPParseError {
        var copy = self
        copy.answer = answer
        return copy
    }
}
