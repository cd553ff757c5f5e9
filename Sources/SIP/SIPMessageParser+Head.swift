extension SIPMessageParser {
    /// The start line and header fields of a message, read up to and including the empty line.
    struct Head: Sendable {
        var startLine: StartLine
        var headers: SIPHeaders
        /// Octets from the start of the input to the first octet of the body, leading CRLFs
        /// included.
        var length: Int
    }

    enum StartLine: Sendable {
        case request(SIPMethod, SIPAddrSpec, SIPVersion)
        case response(SIPVersion, Int, String)
        /// A start line that is not a response's, refused; `method` is its first word, so an ACK
        /// is never answered.
        case malformedRequest(SIPParseError, method: String)
        case malformedResponse(SIPParseError)
    }

    enum HeadResult {
        case complete(Head)
        /// The empty line has not arrived yet.
        case incomplete
        /// The head broke a structural rule; the part read so far decides whether to answer.
        case failed(SIPParseError, StartLine?, SIPHeaders)
    }

    /// Reads the head from `raw`: optional leading CRLFs (§7.5), the start line, then header
    /// lines up to an empty line, unfolding continuation lines into one SP (§7.3.1). Every line
    /// ends in CRLF; a lone CR or LF is refused, so no value can carry a line break onward.
    func parseHead(_ raw: UnsafeRawBufferPointer) -> HeadResult {
        let count = min(raw.count, limits.maximumMessageSize)
        var position = 0
        while position + 1 < count, raw[position] == .cr, raw[position + 1] == .lf { position += 2 }

        var headers = SIPHeaders(capacity: min(count, 2_048))
        var startLine: StartLine?

        func lineEnd(from start: Int) -> LineEnd {
            var index = start
            while index < count {
                let byte = raw[index]
                if byte == .cr {
                    guard index + 1 < count else { return .incomplete }
                    return raw[index + 1] == .lf ? .found(index) : .malformed
                }
                if byte == .lf { return .malformed }
                index += 1
                if index - start > limits.maximumLineLength { return .tooLong }
            }
            return .incomplete
        }

        func failure(_ end: LineEnd) -> HeadResult {
            switch end {
            case .incomplete:
                if raw.count >= limits.maximumMessageSize {
                    return .failed(SIPParseError(.messageTooLarge), startLine, headers)
                }
                return .incomplete
            case .tooLong: return .failed(SIPParseError(.lineTooLong), startLine, headers)
            case .malformed: return .failed(SIPParseError(.malformedHeaderLine, detail: "bare CR or LF"), startLine, headers)
            case .found: preconditionFailure("not a failure")
            }
        }

        guard case .found(let startLineEnd) = lineEnd(from: position) else { return failure(lineEnd(from: position)) }
        startLine = parseStartLine(UnsafeRawBufferPointer(rebasing: raw[position..<startLineEnd]))
        position = startLineEnd + 2

        var open: (name: Range<Int>, valueStart: Int, known: SIPHeaderName.Known?)?
        func close() {
            guard let field = open else { return }
            while headers.bytes.count > field.valueStart, SIPCharacterClass.isWhitespace(headers.bytes[headers.bytes.count - 1]) {
                headers.bytes.removeLast()
            }
            headers.fields.append(SIPHeaders.Field(name: field.name, value: field.valueStart..<headers.bytes.count, known: field.known))
            open = nil
        }

        while true {
            let end = lineEnd(from: position)
            guard case .found(let lineEnd) = end else { return failure(end) }
            if lineEnd == position {
                close()
                guard let startLine else { preconditionFailure("the start line is read first") }
                return .complete(Head(startLine: startLine, headers: headers, length: position + 2))
            }
            var index = position
            if SIPCharacterClass.isWhitespace(raw[position]) {
                guard let field = open else {
                    return .failed(SIPParseError(.malformedHeaderLine, detail: "continuation line without a header"), startLine, headers)
                }
                while index < lineEnd, SIPCharacterClass.isWhitespace(raw[index]) { index += 1 }
                if headers.bytes.count > field.valueStart, index < lineEnd { headers.bytes.append(.space) }
            } else {
                close()
                guard headers.fields.count < limits.maximumHeaderCount else {
                    return .failed(SIPParseError(.tooManyHeaders), startLine, headers)
                }
                while index < lineEnd, SIPCharacterClass.isMember(raw[index], of: .token) { index += 1 }
                let nameEnd = index
                while index < lineEnd, SIPCharacterClass.isWhitespace(raw[index]) { index += 1 }
                guard nameEnd > position, index < lineEnd, raw[index] == .colon else {
                    let line = String(decoding: UnsafeRawBufferPointer(rebasing: raw[position..<min(lineEnd, position + 32)]), as: UTF8.self)
                    return .failed(SIPParseError(.malformedHeaderLine, detail: line), startLine, headers)
                }
                index += 1
                while index < lineEnd, SIPCharacterClass.isWhitespace(raw[index]) { index += 1 }
                let nameStart = headers.bytes.count
                headers.bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[position..<nameEnd]))
                let name = nameStart..<headers.bytes.count
                open = (name, headers.bytes.count, SIPHeaderName.Known.classify(headers.bytes, name))
            }
            headers.bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[index..<lineEnd]))
            if let field = open, headers.bytes.count - field.valueStart > limits.maximumLineLength {
                return .failed(SIPParseError(.lineTooLong, header: headers.string(field.name)), startLine, headers)
            }
            position = lineEnd + 2
        }
    }

    private enum LineEnd {
        case found(Int)
        case incomplete
        case tooLong
        case malformed
    }

    /// `Request-Line = Method SP Request-URI SP SIP-Version` or
    /// `Status-Line = SIP-Version SP Status-Code SP Reason-Phrase` (§7.1, §7.2, §25.1): single
    /// spaces exactly, nothing after the version (RFC 4475 §3.1.2.9, §3.1.2.10).
    func parseStartLine(_ line: UnsafeRawBufferPointer) -> StartLine {
        let bytes = Array(line)
        if SIPURI.hasPrefix(bytes, 0, bytes.count, "SIP/") {
            return parseStatusLine(bytes)
        }
        let firstSpace = bytes.firstIndex(of: .space) ?? bytes.count
        let method = String(decoding: bytes[0..<firstSpace], as: UTF8.self)
        func refuse(_ rule: SIPParseError.Rule, _ detail: String? = nil) -> StartLine {
            .malformedRequest(SIPParseError(rule, detail: detail ?? String(String(decoding: bytes, as: UTF8.self).prefix(64))), method: method)
        }
        guard let lastSpace = bytes.lastIndex(of: .space), lastSpace > firstSpace, !bytes.contains(.tab) else {
            return refuse(.malformedRequestLine)
        }
        let uriRange = (firstSpace + 1)..<lastSpace
        guard !bytes[uriRange].contains(.space), let methodValue = SIPMethod(rawValue: method),
            let version = Self.parseVersion(bytes, (lastSpace + 1)..<bytes.count)
        else { return refuse(.malformedRequestLine) }
        guard let uri = SIPAddrSpec.parse(bytes, uriRange) else {
            return refuse(.malformedURI, String(decoding: bytes[uriRange].prefix(64), as: UTF8.self))
        }
        if case .sip(let sipURI) = uri, !sipURI.headers.isEmpty {
            return refuse(.requestURIWithHeaders)
        }
        return .request(methodValue, uri, version)
    }

    private func parseStatusLine(_ bytes: [UInt8]) -> StartLine {
        func refuse(_ rule: SIPParseError.Rule) -> StartLine {
            .malformedResponse(SIPParseError(rule, detail: String(String(decoding: bytes, as: UTF8.self).prefix(64))))
        }
        guard let firstSpace = bytes.firstIndex(of: .space), let version = Self.parseVersion(bytes, 0..<firstSpace) else {
            return refuse(.malformedStatusLine)
        }
        var codeEnd = firstSpace + 1
        while codeEnd < bytes.count, SIPCharacterClass.isMember(bytes[codeEnd], of: .digit) { codeEnd += 1 }
        let code = bytes[(firstSpace + 1)..<codeEnd]
        guard !code.isEmpty else { return refuse(.malformedStatusLine) }
        guard code.count == 3, case .value(let status) = SIPScanner.decimal(code, maximum: 699), status >= 100 else {
            return refuse(.statusCodeOutOfRange)
        }
        guard codeEnd < bytes.count, bytes[codeEnd] == .space else { return refuse(.malformedStatusLine) }
        let reason = bytes[(codeEnd + 1)...]
        guard !reason.contains(where: { ($0 < 0x20 && $0 != .tab) || $0 == 0x7F }) else { return refuse(.malformedStatusLine) }
        return .response(version, Int(status), String(decoding: reason, as: UTF8.self))
    }

    /// `SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT`; the literal is case-insensitive (§7.1).
    static func parseVersion(_ bytes: [UInt8], _ range: Range<Int>) -> SIPVersion? {
        guard SIPURI.hasPrefix(bytes, range.lowerBound, range.upperBound, "SIP/") else { return nil }
        let numbers = bytes[(range.lowerBound + 4)..<range.upperBound]
        guard let dot = numbers.firstIndex(of: .dot),
            case .value(let major) = SIPScanner.decimal(numbers[..<dot], maximum: 999),
            case .value(let minor) = SIPScanner.decimal(numbers[(dot + 1)...], maximum: 999)
        else { return nil }
        return SIPVersion(major: Int(major), minor: Int(minor))
    }
}
