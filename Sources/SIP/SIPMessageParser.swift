import NIOCore

/// Reads SIP messages (RFC 3261 §7) from a datagram, or from a stream once
/// ``SIPMessageDecoder`` has framed them.
///
/// A message is accepted only when the headers every transaction relies on are present and
/// readable — Via, From, To, Call-ID, CSeq (whose method must match a request's, §8.1.1.5),
/// Max-Forwards if present, Contact, Route, Record-Route and Content-Type — so the layers above
/// can use the typed accessors without meeting a syntax error for those. Everything else is
/// carried as received and parsed only when asked for.
///
/// A refusal is a ``SIPParseError`` that names the rule and says whether a 400 can be built
/// (RFC 4475 lists which messages deserve which).
public struct SIPMessageParser: Sendable {
    public var limits: Limits

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Reads the one message of a UDP datagram (§18.3): a body runs to Content-Length, extra
    /// octets after it are ignored (RFC 4475 §3.1.1.8), and a Content-Length beyond what arrived
    /// is refused (§3.1.2.2). Without Content-Length the body is the rest of the datagram.
    public func parse(datagram: ByteBuffer) throws(SIPParseError) -> SIPMessage {
        guard datagram.readableBytes <= limits.maximumMessageSize else {
            throw SIPParseError(.messageTooLarge, detail: String(datagram.readableBytes), answer: .discard)
        }
        let head: Head
        switch datagram.withUnsafeReadableBytes({ parseHead($0) }) {
        case .complete(let complete): head = complete
        case .incomplete: throw SIPParseError(.missingEmptyLine, answer: .discard)
        case .failed(let error, let startLine, let headers):
            throw error.with(answer: Self.answer(startLine, headers))
        }
        let available = datagram.readableBytes - head.length
        let length: Int?
        do {
            length = try head.headers.contentLength
        } catch {
            throw error.with(answer: Self.answer(head.startLine, head.headers))
        }
        if let length, length > available {
            throw SIPParseError(.contentLengthExceedsMessage, detail: "\(length) > \(available)", answer: Self.answer(head.startLine, head.headers))
        }
        let body = datagram.getSlice(at: datagram.readerIndex + head.length, length: length ?? available) ?? ByteBuffer()
        return try message(head, body: body)
    }

    public func parse(datagram bytes: some Sequence<UInt8>) throws(SIPParseError) -> SIPMessage {
        try parse(datagram: ByteBuffer(bytes: bytes))
    }

    /// Builds the message from a complete head and its body, after the checks named in the type's
    /// description.
    ///
    /// The body is copied out of the buffer it was read from: a message lives as long as its
    /// transaction (32 s for an INVITE's) or its call, and a slice would keep the whole 64 KiB
    /// datagram buffer, or a stream's cumulation buffer, alive with it — measured: a server that
    /// had carried calls at 300/s held 975 MiB.
    func message(_ head: Head, body: ByteBuffer) throws(SIPParseError) -> SIPMessage {
        let body = body.readableBytes == 0 ? ByteBuffer() : ByteBuffer(bytes: body.readableBytesView)
        do {
            return try validated(head, body: body)
        } catch {
            throw error.with(answer: Self.answer(head.startLine, head.headers))
        }
    }

    private func validated(_ head: Head, body: ByteBuffer) throws(SIPParseError) -> SIPMessage {
        let headers = head.headers
        // The start line's own error comes first: it is what broke first on the wire.
        switch head.startLine {
        case .malformedRequest(let error, _), .malformedResponse(let error): throw error
        default: break
        }
        let missing = ([.via, .from, .to, .callID, .cseq] as [SIPHeaderName.Known]).filter { known in !headers.fields.contains { $0.known == known } }
        if !missing.isEmpty {
            throw SIPParseError(.missingHeader, header: missing.map(\.longForm).joined(separator: ", "))
        }
        guard try !headers.via.isEmpty else { throw SIPParseError(.missingHeader, header: "Via") }
        _ = try headers.from
        _ = try headers.to
        _ = try headers.callID
        let cseq = try headers.cseq
        _ = try headers.maxForwards
        _ = try headers.contacts
        _ = try headers.route
        _ = try headers.recordRoute
        _ = try headers.contentType
        switch head.startLine {
        case .request(let method, let uri, let version):
            guard cseq.method == method else {
                throw SIPParseError(.cseqMethodMismatch, header: "CSeq", detail: cseq.method.rawValue + " vs " + method.rawValue)
            }
            return .request(SIPRequest(method: method, uri: uri, version: version, headers: headers, body: body))
        case .response(let version, let status, let reason):
            return .response(SIPResponse(status: status, reason: reason, version: version, headers: headers, body: body))
        case .malformedRequest, .malformedResponse:
            preconditionFailure("refused above")
        }
    }

    /// A 400 is owed to a request that is not an ACK (§17.1.1.3: an ACK is never answered) and
    /// whose top Via names where to send it (§18.2.2); its other parameters may be broken
    /// (RFC 4475 §3.1.2.1). Responses are dropped (§18.1.2).
    static func answer(_ startLine: StartLine?, _ headers: SIPHeaders) -> SIPParseError.Answer {
        switch startLine {
        case .request(let method, _, _) where method != .ack: break
        case .malformedRequest(_, let method) where method != "ACK": break
        default: return .discard
        }
        guard let top = headers.ranges(.via).first, let first = SIPScanner(headers.bytes, top).splitElements()?.first,
            SIPVia.parse(headers.bytes, first, sentByOnly: true) != nil
        else { return .discard }
        return .badRequest(headers)
    }
}
