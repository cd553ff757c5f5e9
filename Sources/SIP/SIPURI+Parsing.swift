extension SIPURI {
    /// Reads `bytes[range]` as SIP-URI or SIPS-URI (§25.1); `nil` when it is neither. The whole
    /// range must be the URI: white space, `<` or `>` anywhere refuse it (RFC 4475 §3.1.2.7,
    /// §3.1.2.8, §3.1.2.14).
    static func parse(_ bytes: [UInt8], _ range: Range<Int>) -> SIPURI? {
        var index = range.lowerBound
        let end = range.upperBound
        let scheme: Scheme
        if hasPrefix(bytes, index, end, "sip:") {
            scheme = .sip
            index += 4
        } else if hasPrefix(bytes, index, end, "sips:") {
            scheme = .sips
            index += 5
        } else {
            return nil
        }

        // '@' may appear only as the end of userinfo: user, password, parameters and headers
        // all exclude it unescaped.
        var user: String?
        var password: String?
        if let at = bytes[index..<end].firstIndex(of: .at) {
            let userinfo = index..<at
            let colon = bytes[userinfo].firstIndex(of: .colon)
            let userRange = userinfo.lowerBound..<(colon ?? at)
            guard !userRange.isEmpty, isEscaped(bytes, userRange, allowing: [.unreserved, .userUnreserved]) else { return nil }
            user = String(decoding: bytes[userRange], as: UTF8.self)
            if let colon {
                let passwordRange = (colon + 1)..<at
                guard isEscaped(bytes, passwordRange, allowing: [.unreserved, .passwordExtra]) else { return nil }
                password = String(decoding: bytes[passwordRange], as: UTF8.self)
            }
            index = at + 1
        }

        var hostEnd = index
        if hostEnd < end, bytes[hostEnd] == .openBracket {
            guard let close = bytes[hostEnd..<end].firstIndex(of: .closeBracket) else { return nil }
            hostEnd = close + 1
        } else {
            while hostEnd < end, bytes[hostEnd] != .colon, bytes[hostEnd] != .semicolon, bytes[hostEnd] != .question { hostEnd += 1 }
        }
        guard let host = SIPHost.parse(bytes, index..<hostEnd) else { return nil }
        index = hostEnd

        var port: Int?
        if index < end, bytes[index] == .colon {
            var portEnd = index + 1
            while portEnd < end, bytes[portEnd] != .semicolon, bytes[portEnd] != .question { portEnd += 1 }
            guard case .value(let number) = SIPScanner.decimal(bytes[(index + 1)..<portEnd], maximum: 65_535), number >= 1 else { return nil }
            port = Int(number)
            index = portEnd
        }

        var parameters = SIPParameters()
        var names: Set<String> = []
        while index < end, bytes[index] == .semicolon {
            var parameterEnd = index + 1
            while parameterEnd < end, bytes[parameterEnd] != .semicolon, bytes[parameterEnd] != .question { parameterEnd += 1 }
            guard let parameter = pair(bytes, (index + 1)..<parameterEnd, allowing: [.unreserved, .paramUnreserved], valueRequired: false)
            else { return nil }
            // §19.1.1: "any given parameter-name MUST NOT appear more than once", and §19.1.4
            // makes `%6C%72` and `LR` the name `lr`. Two values for one name would also leave
            // the URI unequal to itself under isEquivalent(to:).
            guard names.insert(String(decoding: unescape(parameter.name).utf8.map(\.asciiLowercased), as: UTF8.self)).inserted else { return nil }
            parameters.append(parameter.name, parameter.value)
            index = parameterEnd
        }

        var headers = SIPParameters()
        if index < end, bytes[index] == .question {
            index += 1
            while true {
                var headerEnd = index
                while headerEnd < end, bytes[headerEnd] != .ampersand { headerEnd += 1 }
                guard let header = pair(bytes, index..<headerEnd, allowing: [.unreserved, .headerUnreserved], valueRequired: true)
                else { return nil }
                headers.append(header.name, header.value)
                guard headerEnd < end else { break }
                index = headerEnd + 1
            }
            index = end
        }
        guard index == end else { return nil }
        return SIPURI(scheme: scheme, user: user, password: password, host: host, port: port, parameters: parameters, headers: headers)
    }

    /// `name [ "=" value ]` with both made of `allowing` and escapes; the name must not be empty.
    private static func pair(_ bytes: [UInt8], _ range: Range<Int>, allowing: SIPCharacterClass, valueRequired: Bool) -> SIPParameters.Parameter? {
        let equals = bytes[range].firstIndex(of: .equals)
        let nameRange = range.lowerBound..<(equals ?? range.upperBound)
        guard !nameRange.isEmpty, isEscaped(bytes, nameRange, allowing: allowing) else { return nil }
        let name = String(decoding: bytes[nameRange], as: UTF8.self)
        guard let equals else { return valueRequired ? nil : SIPParameters.Parameter(name: name) }
        let valueRange = (equals + 1)..<range.upperBound
        guard isEscaped(bytes, valueRange, allowing: allowing), valueRequired || !valueRange.isEmpty else { return nil }
        return SIPParameters.Parameter(name: name, value: String(decoding: bytes[valueRange], as: UTF8.self))
    }

    /// Every octet is in `allowing` or starts a well-formed `escaped` (`%` HEXDIG HEXDIG).
    static func isEscaped(_ bytes: [UInt8], _ range: Range<Int>, allowing: SIPCharacterClass) -> Bool {
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            if byte == .percent {
                guard index + 2 < range.upperBound,
                    SIPCharacterClass.isMember(bytes[index + 1], of: .hexDigit), SIPCharacterClass.isMember(bytes[index + 2], of: .hexDigit)
                else { return false }
                index += 3
            } else {
                guard SIPCharacterClass.isMember(byte, of: allowing) else { return false }
                index += 1
            }
        }
        return true
    }

    static func hasPrefix(_ bytes: [UInt8], _ index: Int, _ end: Int, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard end - index >= count else { return false }
        return prefix.withUTF8Buffer { expected in
            for offset in 0..<count where bytes[index + offset].asciiLowercased != expected[offset].asciiLowercased { return false }
            return true
        }
    }
}
