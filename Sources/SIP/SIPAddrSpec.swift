/// The URI of a Request-Line or of a name-addr (RFC 3261 §25.1: `Request-URI` and `addr-spec`
/// are both `SIP-URI / SIPS-URI / absoluteURI`).
public enum SIPAddrSpec: Sendable, Hashable, CustomStringConvertible {
    case sip(SIPURI)
    case absolute(SIPAbsoluteURI)

    public init(_ string: String) throws(SIPParseError) {
        let bytes = Array(string.utf8)
        guard let spec = SIPAddrSpec.parse(bytes, 0..<bytes.count) else {
            throw SIPParseError(.malformedURI, detail: string)
        }
        self = spec
    }

    /// The SIP or SIPS URI, if it is one.
    public var sipURI: SIPURI? {
        if case .sip(let uri) = self { return uri }
        return nil
    }

    public var description: String {
        switch self {
        case .sip(let uri): uri.description
        case .absolute(let uri): uri.description
        }
    }

    static func parse(_ bytes: [UInt8], _ range: Range<Int>) -> SIPAddrSpec? {
        if SIPURI.hasPrefix(bytes, range.lowerBound, range.upperBound, "sip:") || SIPURI.hasPrefix(bytes, range.lowerBound, range.upperBound, "sips:") {
            return SIPURI.parse(bytes, range).map(SIPAddrSpec.sip)
        }
        return SIPAbsoluteURI.parse(bytes, range).map(SIPAddrSpec.absolute)
    }
}
