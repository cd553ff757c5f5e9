/// A URI of a scheme other than sip or sips (RFC 3261 §25.1 `absoluteURI`, e.g. `tel:`,
/// `mailto:`, `urn:`), kept opaque: the stack carries it and leaves its meaning to the element
/// (a Request-URI of a scheme it does not serve is answered 416, §8.2.2.1, RFC 4475 §3.3.2).
public struct SIPAbsoluteURI: Sendable, Hashable, CustomStringConvertible {
    /// As received; schemes compare case-insensitively (RFC 2396 §3.1).
    public var scheme: String
    /// Everything after the first `:`.
    public var rest: String

    public init(scheme: String, rest: String) {
        self.scheme = scheme
        self.rest = rest
    }

    public var description: String { scheme + ":" + rest }

    /// `scheme ":" ( hier-part / opaque-part )` of RFC 2396 §3: the scheme starts with a letter and
    /// holds letters, digits, `+ - .`; the rest is non-empty `uric` octets and escapes.
    static func parse(_ bytes: [UInt8], _ range: Range<Int>) -> SIPAbsoluteURI? {
        guard let colon = bytes[range].firstIndex(of: .colon), colon > range.lowerBound,
            SIPCharacterClass.isMember(bytes[range.lowerBound], of: .alpha),
            bytes[range.lowerBound..<colon].allSatisfy({
                SIPCharacterClass.isMember($0, of: [.alpha, .digit]) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || $0 == .dot
            })
        else { return nil }
        let restRange = (colon + 1)..<range.upperBound
        guard !restRange.isEmpty, SIPURI.isEscaped(bytes, restRange, allowing: .uric) else { return nil }
        return SIPAbsoluteURI(scheme: String(decoding: bytes[range.lowerBound..<colon], as: UTF8.self), rest: String(decoding: bytes[restRange], as: UTF8.self))
    }
}
