extension SIPDigestError {
    /// The rules a digest challenge or credentials value can break, named after the RFC text
    /// that states them.
    public enum Rule: String, Sendable, Hashable, CaseIterable {
        /// The value is longer than 4,096 octets: no honest challenge or credentials come near
        /// it, and the bound keeps a hostile peer from making the parser scan without end.
        case valueTooLong
        /// More than 32 auth-params (RFC 7616 defines fourteen).
        case tooManyParameters
        /// The value does not start with `auth-scheme LWS` (RFC 3261 §25.1 `credentials`,
        /// `challenge`).
        case malformedScheme
        /// An element is not `auth-param-name EQUAL ( token / quoted-string )`, or the elements
        /// are not separated by `COMMA` (§25.1 `auth-param`, `digest-response`).
        case malformedParameter
        /// A quoted-string has no closing `DQUOTE` (§25.1 `quoted-string`).
        case unterminatedQuotedString
        /// A parameter appears twice. RFC 7616 §3.4 and RFC 7235 §2.1: each parameter name
        /// "MUST only occur once per challenge" and per credentials.
        case duplicateParameter
        /// A parameter the grammar requires is absent: `realm` and `nonce` in a challenge,
        /// `username`, `realm`, `nonce`, `uri` and `response` in credentials (RFC 2617 §3.2.1,
        /// §3.2.2), `cnonce` and `nc` beside `qop` (§3.2.2), `qop` where the verifier requires it
        /// (RFC 3261 §22.4).
        case missingParameter
        /// `cnonce` or `nc` without `qop`: RFC 2617 §3.2.2 says they "MUST NOT be specified if
        /// the server did not send a qop directive".
        case unexpectedParameter
        /// A value does not match its grammar: `stale` not `true`/`false`, `nc` not `8LHEX`
        /// (§3.2.2), `response` not as many lower-case hex digits as the algorithm yields
        /// (RFC 3261 §25.1 `request-digest`, RFC 8760 §2.5), an empty `username`, `nonce` or `uri`.
        case malformedValue
        /// A `qop` in credentials other than `auth` or `auth-int` (RFC 2617 §3.2.2), or a
        /// challenge whose `qop` options name neither (§3.2.1: unrecognised options are
        /// ignored, and then none is left to answer).
        case unsupportedQop
        /// An `algorithm` other than MD5, SHA-256 and their `-sess` variants (RFC 7616 §3.3: a
        /// challenge whose algorithm is not understood "SHOULD be ignored").
        case unsupportedAlgorithm
        /// A `-sess` algorithm without `qop`: its HA1 folds in the cnonce (RFC 7616 §3.4.2),
        /// which only travels with `qop`; RFC 3261 §22.4: algorithms that depend on the cnonce
        /// "require that the qop directive be sent".
        case sessionAlgorithmWithoutQop

        var summary: String {
            switch self {
            case .valueTooLong: "value too long"
            case .tooManyParameters: "too many parameters"
            case .malformedScheme: "malformed auth-scheme"
            case .malformedParameter: "malformed auth-param"
            case .unterminatedQuotedString: "unterminated quoted-string in"
            case .duplicateParameter: "more than one"
            case .missingParameter: "missing"
            case .unexpectedParameter: "not allowed without qop:"
            case .malformedValue: "malformed"
            case .unsupportedQop: "unsupported qop"
            case .unsupportedAlgorithm: "unsupported algorithm"
            case .sessionAlgorithmWithoutQop: "session algorithm without qop"
            }
        }
    }
}
