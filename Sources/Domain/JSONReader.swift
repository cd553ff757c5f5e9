/// A pull reader for one JSON object (RFC 8259) over borrowed bytes, built for replay: the
/// caller asks for the next key and reads the value straight into the field it belongs to, so no
/// tree of JSON values and no dictionary is ever built. Strings without escapes become a `String`
/// with a single copy.
///
/// The writer (``CanonicalJSON``) only produces sorted, compact objects, but the reader accepts
/// any valid JSON object: keys in any order, white space, every escape including surrogate pairs,
/// and values of any kind under keys the caller does not know (they are skipped). Anything that
/// is not valid JSON is refused with the byte offset and what was expected there.
///
/// The bytes must stay valid while the reader is used (a ``RawEventRow`` is valid only inside
/// its callback).
struct JSONReader {
    /// Why the bytes are not the JSON object that was expected (bad syntax, a missing or
    /// repeated member, a value of the wrong kind), and the byte offset where it was noticed.
    struct ReadError: Error, Sendable, Hashable, CustomStringConvertible {
        var offset: Int
        var reason: String
        var description: String { "\(reason) at byte \(offset)" }
    }

    private let base: UnsafePointer<UInt8>?
    private let end: Int
    var index = 0
    /// `true` until the first member of the object has been read.
    private var atFirstMember = true
    /// Table index of the last known key read, for predicting the next one.
    private var lastKey = -1

    /// Nesting allowed inside skipped values; deeper input is refused instead of exhausting the stack.
    static let maxDepth = 64

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        base = bytes.baseAddress
        end = bytes.count
    }

    // MARK: Object structure

    /// Consumes the `{` that opens the object.
    mutating func beginObject() throws(ReadError) {
        skipWhitespace()
        try expect(UInt8(ascii: "{"), "expected '{' at the start of the object")
        atFirstMember = true
        lastKey = -1
    }

    /// Reads the next member's key and its `:`. Returns the index of the key in `keys`, `-1` for a
    /// key not in `keys` (the caller then calls ``skipValue()``), or `nil` after the closing `}`.
    mutating func nextKey(_ keys: [StaticString]) throws(ReadError) -> Int? {
        guard try advanceToKey() else { return nil }
        // Payloads written by ``CanonicalJSON`` list keys in table order, so the key after the
        // previous one is tried first as a plain byte comparison. The table's keys contain no
        // quote or backslash, so a match is exactly that key.
        let predicted = lastKey + 1
        if predicted < keys.count {
            let candidate = keys[predicted]
            let length = candidate.utf8CodeUnitCount
            let close = index + 1 + length
            if close < end, base![close] == UInt8(ascii: "\""), memcmpEqual(base! + index + 1, candidate.utf8Start, length) {
                index = close + 1
                lastKey = predicted
                skipWhitespace()
                try expect(UInt8(ascii: ":"), "expected ':' after a key")
                return predicted
            }
        }
        let span = try scanString()
        let found: Int
        if span.hasEscapes {
            var decoded = try unescape(span)
            found = decoded.withUTF8 { Self.match($0, keys) }
        } else {
            found = Self.match(UnsafeBufferPointer(start: base! + span.start, count: span.end - span.start), keys)
        }
        if found >= 0 { lastKey = found }
        skipWhitespace()
        try expect(UInt8(ascii: ":"), "expected ':' after a key")
        return found
    }

    /// Moves past the `,` between members to the quote of the next key; `false` after the
    /// closing `}`.
    private mutating func advanceToKey() throws(ReadError) -> Bool {
        skipWhitespace()
        if atFirstMember {
            atFirstMember = false
            if peek() == UInt8(ascii: "}") {
                index += 1
                return false
            }
        } else {
            switch peek() {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
            case UInt8(ascii: "}"):
                index += 1
                return false
            default:
                throw failure("expected ',' or '}' after a member")
            }
        }
        guard peek() == UInt8(ascii: "\"") else { throw failure("expected a string key") }
        return true
    }

    /// Records that the member `key` (an index from ``nextKey(_:)``) has been read, refusing a
    /// second occurrence: with duplicates, which value wins would depend on the reader.
    mutating func noteMember(_ key: Int, seen: inout UInt64, keys: [StaticString]) throws(ReadError) {
        let bit: UInt64 = 1 << UInt64(key)
        guard seen & bit == 0 else { throw failure("duplicate key \"\(keys[key])\"") }
        seen |= bit
    }

    /// An error for a required member the object did not have.
    func missing(_ key: StaticString) -> ReadError {
        ReadError(offset: index, reason: "missing field \"\(key)\"")
    }

    /// An error for a value that is valid JSON but not allowed for `key`.
    func invalid(_ key: StaticString, _ reason: String) -> ReadError {
        ReadError(offset: index, reason: "field \"\(key)\": \(reason)")
    }

    /// Checks that nothing but white space follows the object.
    mutating func finish() throws(ReadError) {
        skipWhitespace()
        guard index == end else { throw failure("unexpected data after the object") }
    }

    // MARK: Values

    mutating func readString() throws(ReadError) -> String {
        skipWhitespace()
        guard peek() == UInt8(ascii: "\"") else { throw failure("expected a string") }
        return try string(try scanString())
    }

    /// A string, the set's own when it is one of `known` (``KnownTexts``).
    mutating func readString(known: KnownTexts) throws(ReadError) -> String {
        skipWhitespace()
        guard peek() == UInt8(ascii: "\"") else { throw failure("expected a string") }
        let span = try scanString()
        if !span.hasEscapes, let text = known.text(UnsafeBufferPointer(start: base! + span.start, count: span.end - span.start)) {
            return text
        }
        return try string(span)
    }

    private func string(_ span: StringSpan) throws(ReadError) -> String {
        if span.hasEscapes { return try unescape(span) }
        let bytes = UnsafeBufferPointer(start: base! + span.start, count: span.end - span.start)
        if !span.isASCII, !Self.isValidUTF8(bytes) {
            throw ReadError(offset: span.start, reason: "string is not valid UTF-8")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A string, or `nil` for JSON `null`.
    /// Consumes a `null` and says so; `false` (nothing consumed) for any other value.
    mutating func readNull() throws(ReadError) -> Bool {
        skipWhitespace()
        guard peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    mutating func readOptionalString() throws(ReadError) -> String? {
        try readNull() ? nil : try readString()
    }

    /// An integer that fits `Int`; fractions and exponents are refused (payloads carry integers only).
    mutating func readInteger() throws(ReadError) -> Int {
        skipWhitespace()
        let start = index
        let negative = peek() == UInt8(ascii: "-")
        if negative { index += 1 }
        guard let first = peek(), Self.isDigit(first) else { throw failure("expected an integer") }
        if first == UInt8(ascii: "0"), let next = peek(at: index + 1), Self.isDigit(next) {
            throw failure("leading zero in a number")
        }
        // Up to 18 digits cannot overflow `Int`: replay reads about ten integers per event
        // message (its time has 16 digits) and checks none of their steps. Longer runs are read
        // again with the checks.
        let digitsStart = index
        var value = 0
        while index < end, index - digitsStart < 18 {
            let digit = base![index] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            value = value &* 10 &+ Int(digit)
            index += 1
        }
        if let byte = peek() {
            if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                throw ReadError(offset: start, reason: "expected an integer, found a fraction or exponent")
            }
            if Self.isDigit(byte) {
                return try readLongInteger(from: digitsStart, negative: negative, start: start)
            }
        }
        return negative ? -value : value
    }

    /// The digits from `digitsStart` on, each step checked for overflow.
    private mutating func readLongInteger(from digitsStart: Int, negative: Bool, start: Int) throws(ReadError) -> Int {
        index = digitsStart
        var value = 0
        while let byte = peek(), Self.isDigit(byte) {
            let digit = Int(byte &- UInt8(ascii: "0"))
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = negative ? times10.subtractingReportingOverflow(digit) : times10.addingReportingOverflow(digit)
            if o1 || o2 { throw ReadError(offset: start, reason: "integer out of range") }
            value = next
            index += 1
        }
        if let byte = peek(), byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            throw ReadError(offset: start, reason: "expected an integer, found a fraction or exponent")
        }
        return value
    }

    /// The next member's key as text, or `nil` after the closing `}`: for objects whose keys are
    /// data (a destination's settings are keyed by the name of their kind).
    mutating func nextKeyName() throws(ReadError) -> String? {
        guard try advanceToKey() else { return nil }
        let name = try readString()
        skipWhitespace()
        try expect(UInt8(ascii: ":"), "expected ':' after a key")
        return name
    }

    /// One value of any kind, checked and returned as the text it was stored as.
    mutating func readRawValue() throws(ReadError) -> String {
        skipWhitespace()
        let start = index
        try skipValue()
        return String(decoding: UnsafeBufferPointer(start: base! + start, count: index - start), as: UTF8.self)
    }

    /// Skips one value of any kind, checking that it is valid JSON.
    mutating func skipValue() throws(ReadError) {
        try skipValue(depth: 0)
    }

    // MARK: - Scanning

    private struct StringSpan {
        /// First byte after the opening quote.
        var start: Int
        /// The closing quote.
        var end: Int
        var hasEscapes: Bool
        var isASCII: Bool
    }

    /// Moves past a string whose opening quote is at `index`, checking the characters that JSON
    /// forbids unescaped; escapes are checked when they are decoded.
    private mutating func scanString() throws(ReadError) -> StringSpan {
        let start = index + 1
        var i = start
        var hasEscapes = false
        var nonASCII: UInt64 = 0
        guard let p = base else { throw failure("unterminated string") }
        // Eight bytes at a time while none of them is a quote, a backslash or a control
        // character (SWAR tests, exact for "is there any such byte").
        let raw = UnsafeRawPointer(p)
        while i + 8 <= end {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if Self.hasZeroByte(word ^ Self.quotes) || Self.hasZeroByte(word ^ Self.backslashes) || Self.hasByteBelow0x20(word) {
                break
            }
            nonASCII |= word
            i += 8
        }
        while i < end {
            let byte = p[i]
            if byte == UInt8(ascii: "\"") {
                index = i + 1
                return StringSpan(start: start, end: i, hasEscapes: hasEscapes, isASCII: nonASCII & Self.highBits == 0)
            }
            if byte == UInt8(ascii: "\\") {
                hasEscapes = true
                i += 2
                continue
            }
            if byte < 0x20 {
                throw ReadError(offset: i, reason: "unescaped control character in a string")
            }
            nonASCII |= UInt64(byte)
            i += 1
        }
        throw ReadError(offset: start - 1, reason: "unterminated string")
    }

    private static var ones: UInt64 { 0x0101_0101_0101_0101 }
    private static var highBits: UInt64 { 0x8080_8080_8080_8080 }
    private static var quotes: UInt64 { 0x2222_2222_2222_2222 }
    private static var backslashes: UInt64 { 0x5C5C_5C5C_5C5C_5C5C }
    private static var spaces: UInt64 { 0x2020_2020_2020_2020 }

    @inline(__always)
    private static func hasZeroByte(_ word: UInt64) -> Bool {
        (word &- ones) & ~word & highBits != 0
    }

    @inline(__always)
    private static func hasByteBelow0x20(_ word: UInt64) -> Bool {
        (word &- spaces) & ~word & highBits != 0
    }

    /// Decodes a string with escapes. Raw bytes are copied, escapes replaced, and the whole is
    /// checked to be UTF-8 (a lone surrogate cannot be a Swift string and is refused).
    private func unescape(_ span: StringSpan) throws(ReadError) -> String {
        let p = base!
        var out: [UInt8] = []
        out.reserveCapacity(span.end - span.start)
        var i = span.start
        while i < span.end {
            let byte = p[i]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                i += 1
                continue
            }
            guard i + 1 < span.end else { throw ReadError(offset: i, reason: "incomplete escape") }
            let escaped = p[i + 1]
            i += 2
            switch escaped {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "/"): out.append(UInt8(ascii: "/"))
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                let escapeStart = i - 2
                var scalar = try hex4(at: i, limit: span.end)
                i += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    guard i + 6 <= span.end, p[i] == UInt8(ascii: "\\"), p[i + 1] == UInt8(ascii: "u") else {
                        throw ReadError(offset: escapeStart, reason: "high surrogate without a low surrogate")
                    }
                    let low = try hex4(at: i + 2, limit: span.end)
                    guard (0xDC00...0xDFFF).contains(low) else {
                        throw ReadError(offset: escapeStart, reason: "high surrogate without a low surrogate")
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw ReadError(offset: escapeStart, reason: "low surrogate without a high surrogate")
                }
                guard let unicode = Unicode.Scalar(scalar) else {
                    throw ReadError(offset: escapeStart, reason: "invalid \\u escape")
                }
                out.append(contentsOf: UTF8.encode(unicode)!)
            default:
                throw ReadError(offset: i - 2, reason: "invalid escape '\\\(Unicode.Scalar(escaped))'")
            }
        }
        guard out.withUnsafeBufferPointer(Self.isValidUTF8) else {
            throw ReadError(offset: span.start, reason: "string is not valid UTF-8")
        }
        return String(decoding: out, as: UTF8.self)
    }

    private func hex4(at position: Int, limit: Int) throws(ReadError) -> UInt32 {
        guard position + 4 <= limit else { throw ReadError(offset: position - 2, reason: "incomplete \\u escape") }
        var value: UInt32 = 0
        for k in 0..<4 {
            let byte = base![position + k]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw ReadError(offset: position - 2, reason: "invalid hex digit in a \\u escape")
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private mutating func skipValue(depth: Int) throws(ReadError) {
        guard depth < Self.maxDepth else { throw failure("nesting deeper than \(Self.maxDepth) levels") }
        skipWhitespace()
        guard let byte = peek() else { throw failure("expected a value") }
        switch byte {
        case UInt8(ascii: "\""):
            let span = try scanString()
            if span.hasEscapes {
                _ = try unescape(span)
            } else if !span.isASCII {
                let bytes = UnsafeBufferPointer(start: base! + span.start, count: span.end - span.start)
                guard Self.isValidUTF8(bytes) else {
                    throw ReadError(offset: span.start, reason: "string is not valid UTF-8")
                }
            }
        case UInt8(ascii: "{"):
            index += 1
            skipWhitespace()
            if peek() == UInt8(ascii: "}") {
                index += 1
                return
            }
            while true {
                skipWhitespace()
                guard peek() == UInt8(ascii: "\"") else { throw failure("expected a string key") }
                try skipValue(depth: depth + 1)
                skipWhitespace()
                try expect(UInt8(ascii: ":"), "expected ':' after a key")
                try skipValue(depth: depth + 1)
                skipWhitespace()
                if peek() == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                try expect(UInt8(ascii: "}"), "expected ',' or '}' in an object")
                return
            }
        case UInt8(ascii: "["):
            index += 1
            skipWhitespace()
            if peek() == UInt8(ascii: "]") {
                index += 1
                return
            }
            while true {
                try skipValue(depth: depth + 1)
                skipWhitespace()
                if peek() == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                try expect(UInt8(ascii: "]"), "expected ',' or ']' in an array")
                return
            }
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try skipNumber()
        default: throw failure("expected a value")
        }
    }

    /// RFC 8259 number grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    private mutating func skipNumber() throws(ReadError) {
        if peek() == UInt8(ascii: "-") { index += 1 }
        guard let first = peek(), Self.isDigit(first) else { throw failure("expected a digit") }
        index += 1
        if first != UInt8(ascii: "0") { skipDigits() }
        if peek() == UInt8(ascii: ".") {
            index += 1
            guard let byte = peek(), Self.isDigit(byte) else { throw failure("expected a digit after '.'") }
            skipDigits()
        }
        if let byte = peek(), byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            index += 1
            if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { index += 1 }
            guard let digit = peek(), Self.isDigit(digit) else { throw failure("expected a digit in the exponent") }
            skipDigits()
        }
    }

    private mutating func skipDigits() {
        while let byte = peek(), Self.isDigit(byte) { index += 1 }
    }

    mutating func literal(_ word: StaticString) throws(ReadError) {
        let count = word.utf8CodeUnitCount
        guard index + count <= end,
            memcmpEqual(base! + index, word.utf8Start, count)
        else {
            throw failure("expected '\(word)'")
        }
        index += count
    }

    mutating func expect(_ byte: UInt8, _ reason: String) throws(ReadError) {
        guard peek() == byte else { throw failure(reason) }
        index += 1
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while index < end {
            switch base![index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    @inline(__always)
    func peek() -> UInt8? {
        index < end ? base![index] : nil
    }

    @inline(__always)
    private func peek(at position: Int) -> UInt8? {
        position < end ? base![position] : nil
    }

    func failure(_ reason: String) -> ReadError {
        ReadError(offset: index, reason: index < end ? reason : "\(reason) (input ended)")
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    /// Well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
    /// `String(decoding:)` would silently repair such bytes; a payload must not change on reading.
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = bytes.baseAddress else { return true }
        let count = bytes.count
        var i = 0
        @inline(__always) func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }
        while i < count {
            let lead = p[i]
            switch lead {
            case 0x00...0x7F:
                i += 1
            case 0xC2...0xDF:
                guard i + 1 < count, isContinuation(p[i + 1]) else { return false }
                i += 2
            case 0xE0...0xEF:
                guard i + 2 < count, isContinuation(p[i + 2]) else { return false }
                let second = p[i + 1]
                switch lead {
                case 0xE0: guard (0xA0...0xBF).contains(second) else { return false }
                case 0xED: guard (0x80...0x9F).contains(second) else { return false }
                default: guard isContinuation(second) else { return false }
                }
                i += 3
            case 0xF0...0xF4:
                guard i + 3 < count, isContinuation(p[i + 2]), isContinuation(p[i + 3]) else { return false }
                let second = p[i + 1]
                switch lead {
                case 0xF0: guard (0x90...0xBF).contains(second) else { return false }
                case 0xF4: guard (0x80...0x8F).contains(second) else { return false }
                default: guard isContinuation(second) else { return false }
                }
                i += 4
            default:
                return false
            }
        }
        return true
    }

    /// Index of `key` in `keys`, or -1.
    @inline(__always)
    static func match(_ key: UnsafeBufferPointer<UInt8>, _ keys: [StaticString]) -> Int {
        for (position, candidate) in keys.enumerated() where matches(key, candidate) {
            return position
        }
        return -1
    }

    /// Whether `bytes` are exactly `name`.
    @inline(__always)
    static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        name.utf8CodeUnitCount == bytes.count && memcmpEqual(bytes.baseAddress, name.utf8Start, bytes.count)
    }
}

/// Whether the `count` bytes at `a` and `b` are equal (`a` may be `nil` only when `count` is 0).
@inline(__always)
func memcmpEqual(_ a: UnsafePointer<UInt8>?, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    guard count > 0 else { return true }
    guard let a else { return false }
    for k in 0..<count where a[k] != b[k] { return false }
    return true
}
