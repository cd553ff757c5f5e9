extension SDPParseError {
    /// The rules a session description can break, named after the RFC text that states them.
    public enum Rule: String, Sendable, Hashable, CaseIterable {
        /// The description exceeds the parser's size bound (``SDPSessionDescription/Limits``).
        case tooLarge
        /// More lines than the parser's bound.
        case tooManyLines
        /// More `m=` sections than the parser's bound.
        case tooManyMediaDescriptions
        /// A line is not `<type>=<value>` with a single lower-case letter and no white space
        /// around `=`, holds NUL or a bare CR, is not UTF-8 (RFC 4566 §5, §9 `byte-string`), or
        /// is empty before the last line.
        case malformedLine
        /// A type letter RFC 4566 §5 does not define: "a session description that contains a
        /// type letter that it does not understand" must be ignored as a whole.
        case unknownLineType
        /// A known line in a place §5's order does not allow, or repeated where only one may be.
        case lineOutOfOrder
        /// A mandatory line is absent: `v=`, `o=`, `s=` and at least one `t=` (§5).
        case missingLine
        /// `v=` other than 0, the only version RFC 4566 §5.1 defines.
        case unsupportedVersion
        /// A field's value does not match its grammar (§5.2–§5.14, §9); ``SDPParseError/detail``
        /// names the field.
        case malformedField
        /// A number beyond its range: a port over 65,535, an RTP payload type over 127 (RFC 3551
        /// §3), an origin session id or version, time or bandwidth over 2^64−1. Never wrapped.
        case numberOutOfRange
        /// Neither the session nor a media description carries `c=` (§5.7: one of them must).
        case missingConnection

        var summary: String {
            switch self {
            case .tooLarge: "session description too large"
            case .tooManyLines: "too many lines"
            case .tooManyMediaDescriptions: "too many media descriptions"
            case .malformedLine: "malformed line"
            case .unknownLineType: "unknown line type"
            case .lineOutOfOrder: "line out of order"
            case .missingLine: "missing line"
            case .unsupportedVersion: "unsupported version"
            case .malformedField: "malformed"
            case .numberOutOfRange: "number out of range in"
            case .missingConnection: "no connection data for media"
            }
        }
    }
}
