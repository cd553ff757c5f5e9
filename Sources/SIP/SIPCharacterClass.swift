/// The character classes of the RFC 3261 §25.1 grammar, one bit each in a 256-entry table, so a
/// scan asks one load and one mask per octet instead of a chain of comparisons.
struct SIPCharacterClass: OptionSet, Sendable {
    let rawValue: UInt16

    /// `alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~"`
    static let token = SIPCharacterClass(rawValue: 1 << 0)
    /// `alphanum / mark`, mark = `"-" / "_" / "." / "!" / "~" / "*" / "'" / "(" / ")"`
    static let unreserved = SIPCharacterClass(rawValue: 1 << 1)
    /// user-unreserved: `"&" / "=" / "+" / "$" / "," / ";" / "?" / "/"`
    static let userUnreserved = SIPCharacterClass(rawValue: 1 << 2)
    /// The extra octets of `password`: `"&" / "=" / "+" / "$" / ","`
    static let passwordExtra = SIPCharacterClass(rawValue: 1 << 3)
    /// param-unreserved: `"[" / "]" / "/" / ":" / "&" / "+" / "$"`
    static let paramUnreserved = SIPCharacterClass(rawValue: 1 << 4)
    /// hnv-unreserved: `"[" / "]" / "/" / "?" / ":" / "+" / "$"`
    static let headerUnreserved = SIPCharacterClass(rawValue: 1 << 5)
    /// The octets of `word` (Call-ID) beyond `token`'s.
    static let word = SIPCharacterClass(rawValue: 1 << 6)
    static let hexDigit = SIPCharacterClass(rawValue: 1 << 7)
    static let digit = SIPCharacterClass(rawValue: 1 << 8)
    static let alpha = SIPCharacterClass(rawValue: 1 << 9)
    /// `reserved / unreserved` of RFC 2396, the octets an opaque absoluteURI may hold besides
    /// escapes.
    static let uric = SIPCharacterClass(rawValue: 1 << 10)
    /// Hostname octets: `alphanum / "-" / "."`
    static let hostname = SIPCharacterClass(rawValue: 1 << 11)
    /// The octets of an unquoted header parameter value: `token / host`, with the colons of a
    /// bare IPv6 address in `received` (§18.2.1).
    static let parameterValue = SIPCharacterClass(rawValue: 1 << 12)

    private static let table: [UInt16] = {
        var table = [UInt16](repeating: 0, count: 256)
        func add(_ characters: String, _ set: SIPCharacterClass) {
            for byte in characters.utf8 { table[Int(byte)] |= set.rawValue }
        }
        let lower = "abcdefghijklmnopqrstuvwxyz"
        let upper = lower.uppercased()
        let digits = "0123456789"
        let alphanum = lower + upper + digits
        let allWord: SIPCharacterClass = [.token, .unreserved, .word, .uric, .hostname]
        add(alphanum, allWord)
        add(lower + upper, .alpha)
        add(digits, .digit)
        add(digits + "abcdefABCDEF", .hexDigit)
        add("-.!%*_+`'~", .token)
        add("-_.!~*'()", .unreserved)
        add("&=+$,;?/", .userUnreserved)
        add("&=+$,", .passwordExtra)
        add("[]/:&+$", .paramUnreserved)
        add("[]/?:+$", .headerUnreserved)
        add("-.!%*_+`'~()<>:\\\"/[]?{}", .word)
        add(";/?:@&=+$,-_.!~*'()%[]", .uric)
        add("-.", .hostname)
        add(alphanum + "-.!%*_+`'~:", .parameterValue)
        return table
    }()

    static func isMember(_ byte: UInt8, of set: SIPCharacterClass) -> Bool {
        table[Int(byte)] & set.rawValue != 0
    }

    static func isWhitespace(_ byte: UInt8) -> Bool { byte == .space || byte == .tab }

    /// `text` without the SP and HTAB around it, as `1#element` lists (RFC 2617 §1.2) and
    /// header parameters allow.
    static func trimmed(_ text: Substring) -> String {
        var text = text
        while let first = text.utf8.first, isWhitespace(first) { text = text.dropFirst() }
        while let last = text.utf8.last, isWhitespace(last) { text = text.dropLast() }
        return String(text)
    }
}
