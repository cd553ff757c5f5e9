/// What ``SIPMessageDecoder`` reads from a stream.
public enum SIPStreamEvent: Sendable, Hashable {
    case message(SIPMessage)
    /// A framed message whose content broke a rule (the stream stays in step, since its length
    /// was known): answer 400 when ``SIPParseError/answer`` says so, and read on.
    case malformed(SIPParseError)
    /// `CRLF CRLF` from the peer: a keep-alive ping, answered with one CRLF
    /// (RFC 5626 §3.5.1, §4.4.1).
    case keepAlivePing
    /// A single CRLF: the pong answering a ping we sent (RFC 5626 §3.5.1).
    case keepAlivePong
}
