/// The value of a From, To, Contact, Route or Record-Route header (RFC 3261 §20.10, §20.20,
/// §20.34, §20.39, §25.1): an optional display name, a URI and the header's own parameters
/// (`tag`, `expires`, `q` …), which belong to the header, not to the URI.
public struct SIPAddress: Sendable, Hashable, CustomStringConvertible {
    /// The display name with quoted-pairs resolved; `nil` when there was none.
    public var displayName: String?
    public var uri: SIPAddrSpec
    public var parameters: SIPParameters

    public init(displayName: String? = nil, uri: SIPAddrSpec, parameters: SIPParameters = [:]) {
        self.displayName = displayName
        self.uri = uri
        self.parameters = parameters
    }

    public init(displayName: String? = nil, uri: SIPURI, parameters: SIPParameters = [:]) {
        self.init(displayName: displayName, uri: .sip(uri), parameters: parameters)
    }

    /// The dialog identifier's half carried by From and To (§19.3).
    public var tag: String? {
        get { parameters["tag"] }
        set {
            if let newValue { parameters.set("tag", newValue) } else { parameters.remove("tag") }
        }
    }

    /// The Contact `expires` parameter in seconds (§20.10, delta-seconds up to 2^32−1). Throws
    /// for a value out of range rather than wrap it; RFC 4475 §3.1.2.4 lets the registrar then
    /// fall back to its default.
    public var expires: UInt32? {
        get throws(SIPParseError) {
            guard let value = parameters["expires"] else { return nil }
            switch SIPScanner.decimal(value.utf8, maximum: UInt64(UInt32.max)) {
            case .value(let seconds): return UInt32(seconds)
            case .outOfRange: throw SIPParseError(.numberOutOfRange, header: "Contact", detail: "expires=" + value)
            case .malformed: throw SIPParseError(.malformedHeaderValue, header: "Contact", detail: "expires=" + value)
            }
        }
    }

    /// Always the name-addr form: a URI with `,`, `;` or `?` must be bracketed (§20), and the
    /// brackets are never wrong.
    public var description: String {
        var text = ""
        if let displayName {
            text += "\"" + SIPAddress.quotedPairs(displayName) + "\" "
        }
        text += "<" + uri.description + ">"
        text += parameters.serialized()
        return text
    }

    /// The inside of a quoted-string (§25.1): `"`, `\` and the controls qdtext excludes (all
    /// but HTAB, and DEL) become quoted-pairs, which cover every octet but CR and LF, so a display
    /// name read from a quoted-pair such as `\` NUL (RFC 4475 §3.1.1.2) is written back readable.
    static func quotedPairs(_ text: String) -> String {
        var output = ""
        for scalar in text.unicodeScalars {
            if scalar == "\"" || scalar == "\\" || (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7F {
                output.unicodeScalars.append("\\")
            }
            output.unicodeScalars.append(scalar)
        }
        return output
    }

    /// Reads one `( name-addr / addr-spec ) *( SEMI generic-param )` from `bytes[range]`; the
    /// caller has split a list on its top-level commas. `nameAddrOnly` for Route and
    /// Record-Route, whose grammar has no addr-spec form (§25.1 rec-route, route-param).
    static func parse(_ bytes: [UInt8], _ range: Range<Int>, nameAddrOnly: Bool = false) -> SIPAddress? {
        var scanner = SIPScanner(bytes, range)
        scanner.skipWhitespace()
        var displayName: String?
        let uri: SIPAddrSpec
        if scanner.peek == .quote {
            guard let quoted = scanner.scanQuotedString() else { return nil }
            displayName = quoted
            scanner.skipWhitespace()
            guard scanner.peek == .lessThan else { return nil }
        } else if scanner.peek != .lessThan, let open = bytes[scanner.index..<scanner.end].firstIndex(of: .lessThan) {
            // display-name = *(token LWS): tokens and white space only (RFC 4475 §3.1.2.15); no
            // white space before `<` is tolerated (§3.1.1.6).
            let nameRange = scanner.trimmed(scanner.index..<open)
            guard !nameRange.isEmpty,
                bytes[nameRange].allSatisfy({ SIPCharacterClass.isMember($0, of: .token) || SIPCharacterClass.isWhitespace($0) })
            else { return nil }
            displayName = scanner.string(nameRange)
            scanner.index = open
        }
        if scanner.consume(.lessThan) {
            guard let close = bytes[scanner.index..<scanner.end].firstIndex(of: .greaterThan),
                let spec = SIPAddrSpec.parse(bytes, scanner.index..<close)
            else { return nil }
            uri = spec
            scanner.index = close + 1
        } else {
            // addr-spec: the URI ends at the first `;`, and may hold no `?` or `,` (§20).
            guard !nameAddrOnly else { return nil }
            var uriEnd = scanner.index
            while uriEnd < scanner.end, bytes[uriEnd] != .semicolon { uriEnd += 1 }
            let uriRange = scanner.trimmed(scanner.index..<uriEnd)
            guard !bytes[uriRange].contains(.question), !bytes[uriRange].contains(.comma), let spec = SIPAddrSpec.parse(bytes, uriRange)
            else { return nil }
            uri = spec
            scanner.index = uriEnd
        }
        guard let parameters = parseGenericParameters(&scanner) else { return nil }
        return SIPAddress(displayName: displayName, uri: uri, parameters: parameters)
    }

    /// `*( SEMI generic-param )` to the end of the scanner, with
    /// `generic-param = token [ EQUAL gen-value ]`, `gen-value = token / host / quoted-string`;
    /// a quoted value is kept with its quotes.
    static func parseGenericParameters(_ scanner: inout SIPScanner) -> SIPParameters? {
        var parameters = SIPParameters()
        while scanner.consumeSeparator(.semicolon) {
            guard let name = scanner.scanToken() else { return nil }
            var value: String?
            if scanner.consumeSeparator(.equals) {
                if scanner.peek == .quote {
                    let start = scanner.index
                    guard scanner.scanQuotedString() != nil else { return nil }
                    value = scanner.string(start..<scanner.index)
                } else if scanner.peek == .openBracket {
                    guard let reference = scanIPv6Reference(&scanner) else { return nil }
                    value = reference
                } else {
                    let range = scanner.scan(.parameterValue)
                    guard !range.isEmpty else { return nil }
                    value = scanner.string(range)
                }
            }
            parameters.append(scanner.string(name), value)
        }
        scanner.skipWhitespace()
        return scanner.isAtEnd ? parameters : nil
    }

    private static func scanIPv6Reference(_ scanner: inout SIPScanner) -> String? {
        let start = scanner.index
        guard let close = scanner.bytes[start..<scanner.end].firstIndex(of: .closeBracket),
            case .ipv6 = SIPHost.parse(scanner.bytes, start..<(close + 1))
        else { return nil }
        scanner.index = close + 1
        return scanner.string(start..<scanner.index)
    }
}
