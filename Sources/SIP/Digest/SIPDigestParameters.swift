/// The auth-params of one challenge or credentials value (RFC 3261 §25.1: `"Digest" LWS
/// digest-cln *(COMMA digest-cln)` and `"Digest" LWS dig-resp *(COMMA dig-resp)`), read into
/// name–value pairs for ``SIPDigestChallenge`` and ``SIPDigestCredentials`` to interpret, and
/// written back in the same shape.
///
/// Every parameter is read as `auth-param = auth-param-name EQUAL ( token / quoted-string )`
/// whatever §25.1 prescribes for it, because RFC 7235 §2.2 has senders quote and recipients
/// accept both forms; phones in the field send `algorithm="MD5"` and `qop="auth"`. The values
/// are then checked by their owner.
struct SIPDigestParameters {
    /// Octets in one value. An honest challenge or credentials value is a few hundred octets;
    /// the bound is the header line bound of the message parser halved, so a hostile value is
    /// refused before it is scanned.
    static let maximumLength = 4_096
    /// Parameters in one value: RFC 7616 defines fourteen, so 32 leaves room for extensions.
    static let maximumCount = 32

    private(set) var parameters: [(name: String, value: String)] = []

    /// The value of the parameter of that name, compared case-insensitively (RFC 7235 §2.1).
    subscript(_ name: String) -> String? {
        parameters.first { SIPParameters.namesEqual($0.name, name) }?.value
    }

    /// Reads `value`; `nil` when its scheme is not `Digest` (compared case-insensitively,
    /// RFC 7235 §2.1), so another scheme such as RFC 4475 §3.3.7's `NoOneKnowsThisScheme` is
    /// left to the caller, never misread.
    static func parse(_ value: String) throws(SIPDigestError) -> SIPDigestParameters? {
        guard value.utf8.count <= maximumLength else {
            throw SIPDigestError(.valueTooLong, detail: String(value.utf8.count) + " octets")
        }
        var scanner = SIPScanner(value)
        scanner.skipWhitespace()
        guard let scheme = scanner.scanToken() else { throw SIPDigestError(.malformedScheme) }
        guard SIPParameters.namesEqual(scanner.string(scheme), "Digest") else { return nil }
        guard let space = scanner.peek, SIPCharacterClass.isWhitespace(space) else {
            throw SIPDigestError(.malformedScheme, detail: scanner.isAtEnd ? "no parameters" : "no white space after Digest")
        }
        scanner.skipWhitespace()
        var result = SIPDigestParameters()
        while true {
            guard let nameRange = scanner.scanToken() else {
                throw SIPDigestError(.malformedParameter, detail: scanner.isAtEnd ? "nothing after a comma" : "not a token")
            }
            let name = scanner.string(nameRange)
            guard scanner.consumeSeparator(.equals) else { throw SIPDigestError(.malformedParameter, parameter: name, detail: "no =") }
            let parameterValue: String
            if scanner.peek == .quote {
                parameterValue = try scanQuotedString(&scanner, parameter: name)
            } else {
                guard let token = scanner.scanToken() else {
                    throw SIPDigestError(.malformedParameter, parameter: name, detail: "value neither token nor quoted-string")
                }
                parameterValue = scanner.string(token)
            }
            guard result[name] == nil else { throw SIPDigestError(.duplicateParameter, parameter: name) }
            guard result.parameters.count < maximumCount else {
                throw SIPDigestError(.tooManyParameters, detail: "more than " + String(maximumCount))
            }
            result.parameters.append((name, parameterValue))
            scanner.skipWhitespace()
            if scanner.isAtEnd { return result }
            guard scanner.consume(.comma) else { throw SIPDigestError(.malformedParameter, parameter: name, detail: "no comma after the value") }
            scanner.skipWhitespace()
        }
    }

    /// `quoted-string` (§25.1) with its quoted-pairs resolved. Told apart from the scanner's
    /// own reader so an unterminated string is named as such rather than as any other fault.
    private static func scanQuotedString(_ scanner: inout SIPScanner, parameter: String) throws(SIPDigestError) -> String {
        scanner.index += 1
        var content: [UInt8] = []
        while scanner.index < scanner.end {
            let byte = scanner.bytes[scanner.index]
            scanner.index += 1
            switch byte {
            case .quote:
                return String(decoding: content, as: UTF8.self)
            case .backslash:
                guard scanner.index < scanner.end else { break }
                let escaped = scanner.bytes[scanner.index]
                guard escaped != .cr, escaped != .lf, escaped < 0x80 else {
                    throw SIPDigestError(.malformedValue, parameter: parameter, detail: "quoted-pair of a line break or non-ASCII octet")
                }
                content.append(escaped)
                scanner.index += 1
            default:
                guard byte >= 0x20 || byte == .tab, byte != 0x7F else {
                    throw SIPDigestError(.malformedValue, parameter: parameter, detail: "control character in quoted-string")
                }
                content.append(byte)
            }
        }
        throw SIPDigestError(.unterminatedQuotedString, parameter: parameter)
    }

    /// `Digest name=value, …` with each value quoted or bare as the caller says (RFC 7616
    /// §3.3–§3.4 list which parameters are quoted).
    static func write(_ parameters: [(name: String, value: String, quoted: Bool)]) -> String {
        var text = "Digest"
        for (offset, parameter) in parameters.enumerated() {
            text += offset == 0 ? " " : ", "
            text += parameter.name + "=" + (parameter.quoted ? quoted(parameter.value) : parameter.value)
        }
        return text
    }

    /// A quoted-string holding `text`: `"` and `\` and the control octets a qdtext cannot hold
    /// become quoted-pairs (§25.1). CR and LF cannot be written at all (quoted-pair excludes
    /// them), so they are left out rather than let a value split the header field; credentials
    /// built from such a value then fail to verify, which is the safe outcome.
    static func quoted(_ text: String) -> String {
        var bytes: [UInt8] = [.quote]
        for byte in text.utf8 {
            switch byte {
            case .cr, .lf:
                continue
            case .quote, .backslash, 0x00..<0x09, 0x0A..<0x20, 0x7F:
                bytes.append(.backslash)
                bytes.append(byte)
            default:
                bytes.append(byte)
            }
        }
        bytes.append(.quote)
        return String(decoding: bytes, as: UTF8.self)
    }
}
