/// The field rules `decide` applies, each refusing with the API's field name and a rule text
/// that a person can act on. Values that have a normal form (language, country, MAC address)
/// are returned normalised, so the log only ever holds the normal form.
enum DomainRules {
    // MARK: Users

    /// Internal call numbers: digits only, 1 to 10 of them.
    ///
    /// The manual sets up the numbering plan in WebAdmin (§5.5, set-up wizard step "Setting up
    /// the numbering plan") but states no length for an internal call number, so the product
    /// allows 1 to 10 digits, which covers private numbering plans of any size.
    /// Letters, `*` and `#` are refused because `*`/`#` start function codes (§5.4.2).
    static let callNumberLength = 1...10

    static func callNumber(_ value: String, field: String = "number") throws(DomainError) {
        guard callNumberLength.contains(value.utf8.count),
            value.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else {
            throw .invalid(field: field, rule: "\(callNumberLength.lowerBound) to \(callNumberLength.upperBound) digits 0-9")
        }
    }

    /// Names shown on displays and in directories: 1 to 64 characters, not blank, no control
    /// characters (they would break display lines and exported lists).
    static func displayName(_ value: String, field: String = "name") throws(DomainError) {
        guard (1...64).contains(value.count),
            !value.unicodeScalars.allSatisfy(\.properties.isWhitespace),
            !value.unicodeScalars.contains(where: isControl)
        else {
            throw .invalid(field: field, rule: "1 to 64 characters, not blank, no control characters")
        }
    }

    /// E-mail addresses: optional, but a user who is to reach cloud applications is synced with
    /// a name and an e-mail address (cloud gateway guide, chapter 6 "Add CloudLink App Users"), so
    /// an address must be one mail can be sent to — a plausible `local@domain.tld` (ASCII, local
    /// part up to 64, domain labels up to 63, a letters-only top-level domain), 254 characters at
    /// most (the RFC 5321 path limit).
    static func email(_ value: String, field: String = "email") throws(DomainError) {
        guard isPlausibleEmail(value) else {
            throw .invalid(field: field, rule: "a plausible address local@domain.tld, at most 254 characters")
        }
    }

    /// The user's display language as a lower-case ISO 639-1 code from ``ISOCodes/languages``.
    static func language(_ value: String) throws(DomainError) -> String {
        let code = asciiLowercased(value)
        guard ISOCodes.languages.contains(code) else {
            throw .invalid(
                field: "language",
                rule: "an ISO 639-1 code from the supported set: "
                    + ISOCodes.languages.sorted().joined(separator: ", "))
        }
        return code
    }

    // MARK: Terminals

    /// SIP registration user names: 1 to 32 of `A-Z a-z 0-9 . _ -`, a subset of the characters a
    /// SIP URI user part carries unescaped (RFC 3261 `unreserved`), so the name reads the same in
    /// the registrar, in logs and on the phone's configuration page.
    static func registrationName(_ value: String) throws(DomainError) {
        guard (1...32).contains(value.utf8.count), value.utf8.allSatisfy(isRegistrationNameByte) else {
            throw .invalid(field: "registrationName", rule: "1 to 32 characters from A-Z a-z 0-9 . _ -")
        }
    }

    /// SIP registration passwords: 8 to 64 printable ASCII characters (space included). The
    /// minimum of 8 is the one the manual sets for passwords (§5.3.1.3); ASCII only because
    /// phones are configured from keypads and the digest is computed over the bytes; the upper
    /// bound is the product's choice.
    static func password(_ value: String) throws(DomainError) {
        guard (8...64).contains(value.utf8.count),
            value.utf8.allSatisfy({ $0 >= 0x20 && $0 <= 0x7E })
        else {
            throw .invalid(field: "password", rule: "8 to 64 printable ASCII characters")
        }
    }

    /// A MAC address as `aabbccddeeff`, `AA-BB-CC-DD-EE-FF` or `aa:bb:cc:dd:ee:ff`, returned as
    /// `AA:BB:CC:DD:EE:FF` so uniqueness is checked on one spelling.
    static func macAddress(_ value: String) throws(DomainError) -> String {
        let bytes = Array(value.utf8)
        var hex: [UInt8] = []
        switch bytes.count {
        case 12:
            hex = bytes
        case 17:
            let separator = bytes[2]
            guard separator == UInt8(ascii: ":") || separator == UInt8(ascii: "-") else { break }
            for (offset, byte) in bytes.enumerated() {
                if offset % 3 == 2 {
                    guard byte == separator else {
                        hex = []
                        break
                    }
                } else {
                    hex.append(byte)
                }
            }
        default:
            break
        }
        guard hex.count == 12, hex.allSatisfy(isHexDigit) else {
            throw .invalid(field: "macAddress", rule: "6 hex byte pairs: aabbccddeeff, AA-BB-CC-DD-EE-FF or AA:BB:CC:DD:EE:FF")
        }
        var normalised: [UInt8] = []
        normalised.reserveCapacity(17)
        for (offset, byte) in hex.enumerated() {
            if offset > 0, offset % 2 == 0 { normalised.append(UInt8(ascii: ":")) }
            normalised.append(byte >= UInt8(ascii: "a") ? byte - 32 : byte)
        }
        return String(decoding: normalised, as: UTF8.self)
    }

    // MARK: Trunks

    /// A provider's host: a DNS name (labels of letters, digits and hyphens, RFC 1123 §2.1, at
    /// most 253 characters), an IPv4 address, or an IPv6 address in brackets (RFC 3261 §25.1).
    static func hostName(_ value: String, field: String) throws(DomainError) {
        guard isHost(value) else {
            throw .invalid(field: field, rule: "a host name (letters, digits, hyphens and dots, at most 253 characters), an IPv4 address or [IPv6]")
        }
    }

    /// `host` or `host:port`, as an outbound proxy is written.
    static func hostAndPort(_ value: String, field: String) throws(DomainError) {
        var host = Substring(value)
        if let colon = value.lastIndex(of: ":"), !value.hasSuffix("]"), value.first != "[" || value[..<colon].hasSuffix("]") {
            let port = value[value.index(after: colon)...]
            guard let number = Int(port), CapacityLimit.port.range.contains(number), String(number) == port else {
                throw .invalid(field: field, rule: "host or host:port with a port 1 to 65535")
            }
            host = value[..<colon]
        }
        guard isHost(String(host)) else {
            throw .invalid(field: field, rule: "host or host:port, the host a name, an IPv4 address or [IPv6]")
        }
    }

    /// The user part of a trunk account (and its authentication name): 1 to 64 of the characters
    /// a SIP URI user part carries unescaped (RFC 3261 §25.1 `unreserved` and `user-unreserved`),
    /// so it is written into a Request-URI and a digest as given.
    static func sipUserPart(_ value: String, field: String) throws(DomainError) {
        guard (1...64).contains(value.utf8.count), value.utf8.allSatisfy(isUserPartByte) else {
            throw .invalid(field: field, rule: "1 to 64 characters from A-Z a-z 0-9 - _ . ! ~ * ' ( ) & = + $ , ; ? /")
        }
    }

    /// A provider's password: 1 to 255 printable ASCII characters. Providers choose their own
    /// passwords, so the product's minimum for its own passwords does not apply.
    static func trunkPassword(_ value: String) throws(DomainError) {
        guard (1...255).contains(value.utf8.count), value.utf8.allSatisfy({ $0 >= 0x20 && $0 <= 0x7E }) else {
            throw .invalid(field: "password", rule: "1 to 255 printable ASCII characters")
        }
    }

    private static func isHost(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard (1...253).contains(bytes.count) else { return false }
        if bytes.first == UInt8(ascii: "["), bytes.last == UInt8(ascii: "]") {
            let inner = bytes.dropFirst().dropLast()
            return inner.contains(UInt8(ascii: ":"))
                && inner.allSatisfy { isHexDigit($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }
        }
        let labels = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            (1...63).contains(label.count) && label.first != UInt8(ascii: "-") && label.last != UInt8(ascii: "-")
                && label.allSatisfy { isDomainLabelByte($0) }
        }
    }

    private static func isUserPartByte(_ byte: UInt8) -> Bool {
        if isRegistrationNameByte(byte) { return true }
        return Array("!~*'()&=+$,;?/".utf8).contains(byte)
    }

    // MARK: System identity

    /// System id, sales channel and country: up to 32 printable characters each.
    static func shortText(_ value: String, field: String) throws(DomainError) {
        guard value.count <= 32, !value.unicodeScalars.contains(where: isControl) else {
            throw .invalid(field: field, rule: "at most 32 printable characters")
        }
    }

    /// The country the system is set up for: empty, or an assigned ISO 3166-1 alpha-2 code,
    /// returned in upper case.
    static func country(_ value: String) throws(DomainError) -> String {
        if value.isEmpty { return value }
        let code = String(value.uppercased())
        guard ISOCodes.countries.contains(code) else {
            throw .invalid(field: "country", rule: "empty or an ISO 3166-1 alpha-2 code such as CH")
        }
        return code
    }

    // MARK: - Helpers

    /// Control characters (Cc) and the line and paragraph separators, which also break a line.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: true
        default: false
        }
    }

    static func isRegistrationNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"):
            true
        default:
            false
        }
    }

    /// ASCII-only case folding: registration names are ASCII by rule, and folding other
    /// characters could make two different stored names collide.
    static func asciiEqualIgnoringCase(_ a: String, _ b: String) -> Bool {
        var left = a.utf8.makeIterator()
        var right = b.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return true
            case (let x?, let y?) where fold(x) == fold(y): continue
            default: return false
            }
        }
    }

    static func asciiLowercased(_ value: String) -> String {
        String(decoding: value.utf8.map(fold), as: UTF8.self)
    }

    private static func fold(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    private static func isPlausibleEmail(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard bytes.count <= 254, bytes.allSatisfy({ $0 < 0x80 }) else { return false }
        let parts = bytes.split(separator: UInt8(ascii: "@"), omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        let local = parts[0], domain = parts[1]

        guard (1...64).contains(local.count),
            local.first != UInt8(ascii: "."), local.last != UInt8(ascii: "."),
            !zip(local, local.dropFirst()).contains(where: { $0 == UInt8(ascii: ".") && $1 == UInt8(ascii: ".") }),
            local.allSatisfy(isLocalPartByte)
        else { return false }

        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        for label in labels {
            guard (1...63).contains(label.count),
                label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-"),
                label.allSatisfy(isDomainLabelByte)
            else { return false }
        }
        let tld = labels[labels.count - 1]
        return tld.count >= 2 && tld.allSatisfy { fold($0) >= UInt8(ascii: "a") && fold($0) <= UInt8(ascii: "z") }
    }

    private static func isDomainLabelByte(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "-") || (isRegistrationNameByte(byte) && byte != UInt8(ascii: ".") && byte != UInt8(ascii: "_"))
    }

    /// RFC 5322 `atext` plus the dot.
    private static func isLocalPartByte(_ byte: UInt8) -> Bool {
        if isRegistrationNameByte(byte) { return true }
        return Array("!#$%&'*+/=?^`{|}~".utf8).contains(byte)
    }
}
