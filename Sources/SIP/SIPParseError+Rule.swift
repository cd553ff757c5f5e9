extension SIPParseError {
    /// The rules a message can break, named after the RFC text that states them.
    public enum Rule: String, Sendable, Hashable, CaseIterable {
        /// The datagram or stream message exceeds the parser's size bound (RFC 3261 §18.1.1 keeps
        /// UDP messages under the path MTU; a bound protects memory on streams).
        case messageTooLarge
        /// A header line (after unfolding) exceeds the parser's line bound.
        case lineTooLong
        /// More header fields than the parser's bound.
        case tooManyHeaders
        /// The header section does not end with an empty line (§7: CRLF after the last header).
        case missingEmptyLine
        /// Request-Line is not `Method SP Request-URI SP SIP-Version` with single spaces
        /// (§7.1, §25.1; RFC 4475 §3.1.2.7–3.1.2.10).
        case malformedRequestLine
        /// Status-Line is not `SIP-Version SP Status-Code SP Reason-Phrase` (§7.2).
        case malformedStatusLine
        /// A Status-Code outside 100–699 (§7.2, §21; RFC 4475 §3.1.2.19).
        case statusCodeOutOfRange
        /// A header line is not `field-name HCOLON field-value` (§7.3.1).
        case malformedHeaderLine
        /// A header required in every request or response is absent (§8.1.1: To, From, CSeq,
        /// Call-ID, Max-Forwards, Via; Max-Forwards is left to the element, RFC 4475 §3.4.1).
        case missingHeader
        /// A header that takes one value appears more than once (§7.3.1; RFC 4475 §3.3.8, §3.3.9).
        case duplicateHeader
        /// A header value does not match its grammar (§25.1).
        case malformedHeaderValue
        /// A number beyond its range: CSeq ≥ 2^31 (§8.1.1.5), Max-Forwards > 255, a port, TTL or
        /// delta-seconds beyond 2^32−1 (§20.19; RFC 4475 §3.1.2.4). Never wrapped.
        case numberOutOfRange
        /// The CSeq method differs from the request method (§8.1.1.5; RFC 4475 §3.1.2.17).
        case cseqMethodMismatch
        /// A URI does not match SIP-URI, SIPS-URI or absoluteURI (§19.1.1, §25.1).
        case malformedURI
        /// The Request-URI carries a headers component, which §19.1.1 Table 1 forbids there
        /// (RFC 4475 §3.1.2.11).
        case requestURIWithHeaders
        /// Content-Length is negative or not a number (§20.14; RFC 4475 §3.1.2.3).
        case malformedContentLength
        /// Content-Length exceeds the octets that arrived in the datagram (§18.3; RFC 4475
        /// §3.1.2.2).
        case contentLengthExceedsMessage
        /// A stream message without Content-Length, which §18.3 makes mandatory there: its end
        /// cannot be found.
        case missingContentLength

        var summary: String {
            switch self {
            case .messageTooLarge: "message too large"
            case .lineTooLong: "line too long"
            case .tooManyHeaders: "too many header fields"
            case .missingEmptyLine: "header section not terminated"
            case .malformedRequestLine: "malformed Request-Line"
            case .malformedStatusLine: "malformed Status-Line"
            case .statusCodeOutOfRange: "Status-Code out of range"
            case .malformedHeaderLine: "malformed header line"
            case .missingHeader: "missing"
            case .duplicateHeader: "more than one"
            case .malformedHeaderValue: "malformed"
            case .numberOutOfRange: "number out of range in"
            case .cseqMethodMismatch: "CSeq method does not match the request method"
            case .malformedURI: "malformed URI"
            case .requestURIWithHeaders: "headers not allowed in Request-URI"
            case .malformedContentLength: "malformed Content-Length"
            case .contentLengthExceedsMessage: "Content-Length larger than the message"
            case .missingContentLength: "missing Content-Length on a stream"
            }
        }
    }
}
