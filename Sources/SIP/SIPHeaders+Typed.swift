/// Typed views of the headers a transaction, dialog or registrar layer reads (RFC 3261 §8.1.1,
/// §17, §12, §10). Each parses the stored value when asked and throws a ``SIPParseError`` naming
/// the header; numbers out of range are refused, never wrapped.
extension SIPHeaders {
    /// Every via-parm, top first, across all Via fields and the commas inside them (§7.3.1).
    public var via: [SIPVia] {
        get throws(SIPParseError) {
            var vias: [SIPVia] = []
            for range in ranges(.via) {
                for element in try elements(range, header: .via) {
                    guard let via = SIPVia.parse(bytes, element) else { throw malformed(.via, element) }
                    vias.append(via)
                }
            }
            return vias
        }
    }

    public var from: SIPAddress {
        get throws(SIPParseError) { try address(.from) }
    }

    public var to: SIPAddress {
        get throws(SIPParseError) { try address(.to) }
    }

    /// `callid = word [ "@" word ]` (§25.1), compared byte for byte (§20.8).
    public var callID: String {
        get throws(SIPParseError) {
            let range = try required(.callID)
            let value = bytes[range]
            guard !value.isEmpty, value.filter({ $0 == .at }).count <= 1, value.first != .at, value.last != .at,
                value.allSatisfy({ $0 == .at || SIPCharacterClass.isMember($0, of: [.token, .word]) })
            else { throw malformed(.callID, range) }
            return string(range)
        }
    }

    public var cseq: SIPCSeq {
        get throws(SIPParseError) { try SIPCSeq.parse(bytes, required(.cseq)) }
    }

    /// 0–255 (§8.1.1.6, §20.22); `nil` when absent, which only RFC 2543 elements do
    /// (RFC 4475 §3.4.1).
    public var maxForwards: Int? {
        get throws(SIPParseError) {
            guard let range = try single(.maxForwards) else { return nil }
            return Int(try number(range, header: .maxForwards, maximum: 255))
        }
    }

    /// All Contact values in order, or the wildcard (§20.10). `*` must stand alone.
    public var contacts: SIPContacts {
        get throws(SIPParseError) {
            var addresses: [SIPAddress] = []
            var wildcard = false
            for range in ranges(.contact) {
                for element in try elements(range, header: .contact) {
                    if element.count == 1, bytes[element.lowerBound] == .star {
                        wildcard = true
                        continue
                    }
                    guard let address = SIPAddress.parse(bytes, element) else { throw malformed(.contact, element) }
                    addresses.append(address)
                }
            }
            if wildcard {
                guard addresses.isEmpty else { throw SIPParseError(.malformedHeaderValue, header: "Contact", detail: "* with other contacts") }
                return .wildcard
            }
            return .addresses(addresses)
        }
    }

    /// The body length in octets (§20.14); `nil` when absent. Negative or non-numeric values are
    /// refused (RFC 4475 §3.1.2.3), and so is more than one field (§3.3.9).
    public var contentLength: Int? {
        get throws(SIPParseError) {
            guard let range = try single(.contentLength) else { return nil }
            switch SIPScanner.decimal(bytes[range], maximum: UInt64(Int32.max)) {
            case .value(let length): return Int(length)
            case .outOfRange: throw SIPParseError(.numberOutOfRange, header: "Content-Length", detail: string(range))
            case .malformed: throw SIPParseError(.malformedContentLength, detail: string(range))
            }
        }
    }

    public var contentType: SIPMediaType? {
        get throws(SIPParseError) {
            guard let range = try single(.contentType) else { return nil }
            guard let type = SIPMediaType.parse(bytes, range) else { throw malformed(.contentType, range) }
            return type
        }
    }

    /// Seconds, 0 to 2^32−1 (§20.19); larger values are refused (RFC 4475 §3.1.2.4 lets the
    /// element then use its default).
    public var expires: UInt32? {
        get throws(SIPParseError) {
            guard let range = try single(.expires) else { return nil }
            return UInt32(try number(range, header: .expires, maximum: UInt64(UInt32.max)))
        }
    }

    /// The route set, top first (§20.34, §16.12); name-addr values only.
    public var route: [SIPAddress] {
        get throws(SIPParseError) { try addresses(.route) }
    }

    public var recordRoute: [SIPAddress] {
        get throws(SIPParseError) { try addresses(.recordRoute) }
    }

    /// The value of a header that must appear at most once; throws when it appears more often
    /// (§7.3.1 allows repetition only for comma-separated lists; RFC 4475 §3.3.8).
    func single(_ known: SIPHeaderName.Known) throws(SIPParseError) -> Range<Int>? {
        var found: Range<Int>?
        for field in fields where field.known == known {
            guard found == nil else { throw SIPParseError(.duplicateHeader, header: known.longForm) }
            found = field.value
        }
        return found
    }

    func required(_ known: SIPHeaderName.Known) throws(SIPParseError) -> Range<Int> {
        guard let range = try single(known) else { throw SIPParseError(.missingHeader, header: known.longForm) }
        return range
    }

    private func address(_ known: SIPHeaderName.Known) throws(SIPParseError) -> SIPAddress {
        let range = try required(known)
        guard let address = SIPAddress.parse(bytes, range) else { throw malformed(known, range) }
        return address
    }

    private func addresses(_ known: SIPHeaderName.Known) throws(SIPParseError) -> [SIPAddress] {
        var addresses: [SIPAddress] = []
        for range in ranges(known) {
            for element in try elements(range, header: known) {
                guard let address = SIPAddress.parse(bytes, element, nameAddrOnly: true) else { throw malformed(known, element) }
                addresses.append(address)
            }
        }
        return addresses
    }

    /// The comma-separated elements of one field; an empty element is refused (RFC 4475
    /// §3.1.2.1).
    func elements(_ range: Range<Int>, header: SIPHeaderName.Known) throws(SIPParseError) -> [Range<Int>] {
        guard let elements = SIPScanner(bytes, range).splitElements(), !elements.contains(where: \.isEmpty) else {
            throw malformed(header, range)
        }
        return elements
    }

    private func number(_ range: Range<Int>, header: SIPHeaderName.Known, maximum: UInt64) throws(SIPParseError) -> UInt64 {
        switch SIPScanner.decimal(bytes[range], maximum: maximum) {
        case .value(let value): return value
        case .outOfRange: throw SIPParseError(.numberOutOfRange, header: header.longForm, detail: string(range))
        case .malformed: throw malformed(header, range)
        }
    }

    private func malformed(_ known: SIPHeaderName.Known, _ range: Range<Int>) -> SIPParseError {
        SIPParseError(.malformedHeaderValue, header: known.longForm, detail: String(string(range).prefix(64)))
    }
}
