/// A cursor over the octets of one header value or URI, with the separators of RFC 3261 §25.1
/// (`SEMI`, `EQUAL`, `SLASH`, `COLON` allow white space on both sides). Values reach it
/// unfolded (§7.3.1), so white space here is only SP and HTAB.
struct SIPScanner {
    let bytes: [UInt8]
    var index: Int
    let end: Int

    init(_ bytes: [UInt8], _ range: Range<Int>) {
        self.bytes = bytes
        self.index = range.lowerBound
        self.end = range.upperBound
    }

    init(_ string: String) {
        let bytes = Array(string.utf8)
        self.init(bytes, 0..<bytes.count)
    }

    var isAtEnd: Bool { index >= end }

    var peek: UInt8? { index < end ? bytes[index] : nil }

    mutating func skipWhitespace() {
        while index < end, SIPCharacterClass.isWhitespace(bytes[index]) { index += 1 }
    }

    mutating func consume(_ byte: UInt8) -> Bool {
        guard index < end, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// `SWS byte SWS`; leaves the cursor where it was when `byte` is not next.
    mutating func consumeSeparator(_ byte: UInt8) -> Bool {
        let start = index
        skipWhitespace()
        guard consume(byte) else {
            index = start
            return false
        }
        skipWhitespace()
        return true
    }

    mutating func scan(_ set: SIPCharacterClass) -> Range<Int> {
        let start = index
        while index < end, SIPCharacterClass.isMember(bytes[index], of: set) { index += 1 }
        return start..<index
    }

    mutating func scanToken() -> Range<Int>? {
        let range = scan(.token)
        return range.isEmpty ? nil : range
    }

    /// `quoted-string = SWS DQUOTE *(qdtext / quoted-pair) DQUOTE` with the quoted-pairs
    /// resolved; `nil` when unterminated or holding an octet qdtext and quoted-pair exclude.
    mutating func scanQuotedString() -> String? {
        guard consume(.quote) else { return nil }
        var content: [UInt8] = []
        while index < end {
            let byte = bytes[index]
            index += 1
            switch byte {
            case .quote:
                return String(decoding: content, as: UTF8.self)
            case .backslash:
                guard index < end, bytes[index] != .cr, bytes[index] != .lf, bytes[index] < 0x80 else { return nil }
                content.append(bytes[index])
                index += 1
            case .cr, .lf:
                return nil
            default:
                guard byte >= 0x20 || byte == .tab, byte != 0x7F else { return nil }
                content.append(byte)
            }
        }
        return nil
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// The top-level elements of a comma-separated value (§7.3.1), commas inside a
    /// quoted-string or between `<` and `>` left alone; each element trimmed of white space.
    /// `nil` when a quote or an angle bracket is left open.
    func splitElements() -> [Range<Int>]? {
        var elements: [Range<Int>] = []
        var start = index
        var position = index
        var inQuotes = false
        var inAngles = false
        while position < end {
            let byte = bytes[position]
            if inQuotes {
                if byte == .backslash {
                    position += 1
                } else if byte == .quote {
                    inQuotes = false
                }
            } else if byte == .quote {
                inQuotes = true
            } else if byte == .lessThan {
                inAngles = true
            } else if byte == .greaterThan {
                inAngles = false
            } else if byte == .comma, !inAngles {
                elements.append(trimmed(start..<position))
                start = position + 1
            }
            position += 1
        }
        guard !inQuotes, !inAngles else { return nil }
        elements.append(trimmed(start..<end))
        return elements
    }

    func trimmed(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, SIPCharacterClass.isWhitespace(bytes[lower]) { lower += 1 }
        while upper > lower, SIPCharacterClass.isWhitespace(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    /// An unsigned decimal of `1*DIGIT`, checked against `maximum` without ever wrapping
    /// (RFC 4475 §3.1.2.4: a receiver must not truncate an oversized number into a valid one).
    static func decimal(_ bytes: some Collection<UInt8>, maximum: UInt64) -> Decimal {
        guard !bytes.isEmpty else { return .malformed }
        var value: UInt64 = 0
        var overflow = false
        for byte in bytes {
            guard byte >= 0x30, byte <= 0x39 else { return .malformed }
            if overflow { continue }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(byte - 0x30))
            if o1 || o2 || sum > maximum {
                overflow = true
            } else {
                value = sum
            }
        }
        return overflow ? .outOfRange : .value(value)
    }

    enum Decimal: Equatable {
        case value(UInt64)
        case malformed
        case outOfRange
    }
}
