extension SDPMediaDescription {
    /// The direction attribute written on this media description, `nil` when it inherits the
    /// session's (see ``SDPSessionDescription/direction(of:)``).
    public var direction: SDPDirection? { attributes.direction }

    /// Every `a=rtpmap` of the section (RFC 4566 §6), refusing the lot when one is malformed.
    public var rtpMaps: [SDPRTPMap] {
        get throws(SDPParseError) {
            var maps: [SDPRTPMap] = []
            for value in attributes.values("rtpmap") { maps.append(try Self.rtpMap(value)) }
            return maps
        }
    }

    /// The `a=rtpmap` of one payload type, read alone so that a malformed line for another
    /// payload type does not hide it.
    public func rtpMap(for payloadType: UInt8) throws(SDPParseError) -> SDPRTPMap? {
        let prefix = String(payloadType) + " "
        guard let value = attributes.values("rtpmap").first(where: { $0.hasPrefix(prefix) }) else { return nil }
        return try Self.rtpMap(value)
    }

    /// The format-specific parameters of `a=fmtp:<format> <parameters>` (§6), as text: their
    /// grammar belongs to each codec's registration.
    public func formatParameters(for format: String) -> String? {
        let prefix = format + " "
        return attributes.values("fmtp").first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }

    /// `a=ptime` (§6): milliseconds of media per packet. RFC 4566 writes it as a number; a
    /// fraction (`22.5`, seen from some gateways) is refused rather than rounded.
    public var packetTime: UInt32? {
        get throws(SDPParseError) {
            guard let value = attributes.values("ptime").first else { return nil }
            return UInt32(try Self.number(Substring(value), maximum: UInt64(UInt32.max), "a=ptime:" + value))
        }
    }

    /// `a=rtcp` (RFC 3605 §2.1).
    public var rtcp: SDPRTCP? {
        get throws(SDPParseError) {
            guard let value = attributes.values("rtcp").first else { return nil }
            let parts = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
            let port = try Self.number(parts[0], maximum: UInt64(UInt16.max), "a=rtcp:" + value)
            guard parts.count == 1 || !parts[1].isEmpty else { throw SDPParseError(.malformedField, detail: "a=rtcp:" + value) }
            return SDPRTCP(port: UInt16(port), address: parts.count > 1 ? String(parts[1]) : nil)
        }
    }

    /// Every `a=crypto` (RFC 4568 §9.1), in order of preference.
    public var cryptos: [SDPCrypto] {
        get throws(SDPParseError) {
            var cryptos: [SDPCrypto] = []
            for value in attributes.values("crypto") {
                let fields = value.split(separator: " ", omittingEmptySubsequences: false)
                let field = "a=crypto:" + value
                guard fields.count >= 3, fields[0].utf8.count <= 9, !fields.contains(where: \.isEmpty) else {
                    throw SDPParseError(.malformedField, detail: field)
                }
                let tag = try Self.number(fields[0], maximum: 999_999_999, field)
                cryptos.append(
                    SDPCrypto(
                        tag: UInt32(tag), suite: String(fields[1]), keyParameters: String(fields[2]), sessionParameters: fields[3...].map(String.init)))
            }
            return cryptos
        }
    }

    /// `<payload type> <encoding name>/<clock rate>[/<encoding parameters>]`.
    private static func rtpMap(_ value: String) throws(SDPParseError) -> SDPRTPMap {
        let field = "a=rtpmap:" + value
        let parts = value.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw SDPParseError(.malformedField, detail: field) }
        let payloadType = try number(parts[0], maximum: 127, field)
        let encoding = parts[1].split(separator: "/", omittingEmptySubsequences: false)
        guard encoding.count == 2 || encoding.count == 3, SDPParser.isToken(encoding[0]) else {
            throw SDPParseError(.malformedField, detail: field)
        }
        return SDPRTPMap(
            payloadType: UInt8(payloadType), encoding: String(encoding[0]), clockRate: UInt32(try number(encoding[1], maximum: UInt64(UInt32.max), field)),
            channels: encoding.count == 3 ? UInt32(try number(encoding[2], maximum: UInt64(UInt32.max), field)) : nil)
    }

    private static func number(_ text: Substring, maximum: UInt64, _ field: String) throws(SDPParseError) -> UInt64 {
        switch SIPScanner.decimal(text.utf8, maximum: maximum) {
        case .value(let value): return value
        case .outOfRange: throw SDPParseError(.numberOutOfRange, detail: field)
        case .malformed: throw SDPParseError(.malformedField, detail: field)
        }
    }
}
