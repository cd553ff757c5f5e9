/// A header field name (RFC 3261 §7.3). Names compare case-insensitively and a compact form is
/// the same header as its long form (§7.3.3: `i` Call-ID, `m` Contact, `e` Content-Encoding,
/// `l` Content-Length, `c` Content-Type, `f` From, `s` Subject, `k` Supported, `t` To, `v` Via).
public struct SIPHeaderName: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The spelling written on the wire: the long form for the known headers, otherwise as given.
    public let name: String
    let known: Known?
    private let folded: String

    public init(_ name: String) {
        let bytes = Array(name.utf8)
        if let known = Known.classify(bytes, 0..<bytes.count) {
            self.init(known)
        } else {
            self.init(name: name, known: nil)
        }
    }

    public init(stringLiteral value: String) { self.init(value) }

    init(_ known: Known) { self.init(name: known.longForm, known: known) }

    private init(name: String, known: Known?) {
        self.name = name
        self.known = known
        self.folded = name.lowercased()
    }

    public var description: String { name }

    public static func == (a: SIPHeaderName, b: SIPHeaderName) -> Bool { a.folded == b.folded }
    public func hash(into hasher: inout Hasher) { hasher.combine(folded) }

    func matches(_ bytes: [UInt8], _ range: Range<Int>, known fieldKnown: Known?) -> Bool {
        if let known { return known == fieldKnown }
        guard fieldKnown == nil, range.count == folded.utf8.count else { return false }
        return zip(bytes[range], folded.utf8).allSatisfy { $0.asciiLowercased == $1 }
    }

    public static let accept = SIPHeaderName(.accept)
    public static let allow = SIPHeaderName(.allow)
    public static let authorization = SIPHeaderName(.authorization)
    public static let callID = SIPHeaderName(.callID)
    public static let contact = SIPHeaderName(.contact)
    public static let contentEncoding = SIPHeaderName(.contentEncoding)
    public static let contentLength = SIPHeaderName(.contentLength)
    public static let contentType = SIPHeaderName(.contentType)
    public static let cseq = SIPHeaderName(.cseq)
    public static let expires = SIPHeaderName(.expires)
    public static let from = SIPHeaderName(.from)
    public static let maxForwards = SIPHeaderName(.maxForwards)
    public static let minExpires = SIPHeaderName(.minExpires)
    public static let proxyAuthenticate = SIPHeaderName(.proxyAuthenticate)
    public static let proxyAuthorization = SIPHeaderName(.proxyAuthorization)
    public static let proxyRequire = SIPHeaderName(.proxyRequire)
    public static let recordRoute = SIPHeaderName(.recordRoute)
    public static let require = SIPHeaderName(.require)
    public static let route = SIPHeaderName(.route)
    public static let subject = SIPHeaderName(.subject)
    public static let supported = SIPHeaderName(.supported)
    public static let to = SIPHeaderName(.to)
    public static let unsupported = SIPHeaderName(.unsupported)
    public static let via = SIPHeaderName(.via)
    public static let wwwAuthenticate = SIPHeaderName(.wwwAuthenticate)

    /// The headers the stack reads itself, recognised once when a field is parsed so lookups
    /// compare one byte instead of a name.
    enum Known: UInt8, Sendable, CaseIterable {
        case accept, allow, authorization, callID, contact, contentEncoding, contentLength, contentType, cseq, expires, from, maxForwards
        case minExpires, proxyAuthenticate, proxyAuthorization, proxyRequire, recordRoute, require, route, subject, supported, to
        case unsupported, via, wwwAuthenticate

        var longForm: String {
            switch self {
            case .accept: "Accept"
            case .allow: "Allow"
            case .authorization: "Authorization"
            case .callID: "Call-ID"
            case .contact: "Contact"
            case .contentEncoding: "Content-Encoding"
            case .contentLength: "Content-Length"
            case .contentType: "Content-Type"
            case .cseq: "CSeq"
            case .expires: "Expires"
            case .from: "From"
            case .maxForwards: "Max-Forwards"
            case .minExpires: "Min-Expires"
            case .proxyAuthenticate: "Proxy-Authenticate"
            case .proxyAuthorization: "Proxy-Authorization"
            case .proxyRequire: "Proxy-Require"
            case .recordRoute: "Record-Route"
            case .require: "Require"
            case .route: "Route"
            case .subject: "Subject"
            case .supported: "Supported"
            case .to: "To"
            case .unsupported: "Unsupported"
            case .via: "Via"
            case .wwwAuthenticate: "WWW-Authenticate"
            }
        }

        /// §7.3.3.
        var compactForm: UInt8? {
            switch self {
            case .callID: UInt8(ascii: "i")
            case .contact: UInt8(ascii: "m")
            case .contentEncoding: UInt8(ascii: "e")
            case .contentLength: UInt8(ascii: "l")
            case .contentType: UInt8(ascii: "c")
            case .from: UInt8(ascii: "f")
            case .subject: UInt8(ascii: "s")
            case .supported: UInt8(ascii: "k")
            case .to: UInt8(ascii: "t")
            case .via: UInt8(ascii: "v")
            default: nil
            }
        }

        private static let lowercasedForms: [(Known, [UInt8])] = allCases.map { ($0, Array($0.longForm.lowercased().utf8)) }

        static func classify(_ bytes: [UInt8], _ range: Range<Int>) -> Known? {
            if range.count == 1 {
                let letter = bytes[range.lowerBound].asciiLowercased
                return allCases.first { $0.compactForm == letter }
            }
            for (known, form) in lowercasedForms where form.count == range.count {
                if zip(bytes[range], form).allSatisfy({ $0.asciiLowercased == $1 }) { return known }
            }
            return nil
        }
    }
}
