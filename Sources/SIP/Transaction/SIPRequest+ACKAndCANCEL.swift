/// The two requests built from another request's headers rather than by the TU: the ACK an INVITE
/// client transaction sends for a non-2xx final response (RFC 3261 §17.1.1.3) and the CANCEL of a
/// pending request (§9.1). Both keep the Request-URI, Call-ID, From, CSeq number, Route set and
/// the top Via only, so the server matches them to the request they follow up (§17.2.3, §9.2).
/// From and To are copied as written, once they have been read successfully.
extension SIPRequest {
    /// The ACK of a 300–699 final response to this INVITE (§17.1.1.3): Request-URI, Call-ID and
    /// From of the INVITE, To of the response (it carries the tag the UAS added), the INVITE's
    /// top Via only, CSeq with the INVITE's number and method ACK, and the INVITE's Route header
    /// fields so stateless proxies route it as they routed the INVITE. Max-Forwards is copied
    /// when present (§8.1.1.6). No body: the RFC recommends none, since an ACK cannot be refused.
    /// - Throws: ``SIPTransactionError`` when this is not an INVITE, `response` is not 300–699,
    ///   or a header copied cannot be read.
    public func makeACK(for response: SIPResponse) throws(SIPTransactionError) -> SIPRequest {
        guard method == .invite else { throw SIPTransactionError(.methodNotAllowed, detail: "ACK of a " + method.rawValue) }
        guard response.status >= 300 else { throw SIPTransactionError(.notANon2xxFinalResponse, detail: String(response.status)) }
        let responseHeaders = response.headers
        let to = try SIPTransactionError.reading { () throws(SIPParseError) in
            _ = try responseHeaders.to
            return responseHeaders.string(try responseHeaders.required(.to))
        }
        return try followUp(method: .ack, to: to)
    }

    /// The CANCEL of this request (§9.1): Request-URI, Call-ID, To, From (tags included) and the
    /// CSeq number of this request with method CANCEL, its top Via only — the CANCEL travels the
    /// same path and shares the branch, which is how §9.2 finds the transaction — and its Route
    /// header fields; Max-Forwards copied when present (§8.1.1.6).
    ///
    /// §9.1 also says when not to send it: not before a provisional response has arrived
    /// (``SIPInviteClientTransaction/StateMachine/mayBeCancelled``), and not for a request other
    /// than INVITE, where it achieves nothing; those are the TU's choices.
    /// - Throws: ``SIPTransactionError`` when this is an ACK or a CANCEL, or a header copied
    ///   cannot be read.
    public func makeCANCEL() throws(SIPTransactionError) -> SIPRequest {
        guard method != .ack, method != .cancel else { throw SIPTransactionError(.methodNotAllowed, detail: "CANCEL of a " + method.rawValue) }
        let headers = self.headers
        let to = try SIPTransactionError.reading { () throws(SIPParseError) in
            _ = try headers.to
            return headers.string(try headers.required(.to))
        }
        return try followUp(method: .cancel, to: to)
    }

    private func followUp(method: SIPMethod, to: String) throws(SIPTransactionError) -> SIPRequest {
        let original = headers
        var followUp = SIPHeaders()
        try SIPTransactionError.reading { () throws(SIPParseError) in
            guard let top = try original.via.first else { throw SIPParseError(.missingHeader, header: SIPHeaderName.via.name) }
            followUp.add(.via, top.description)
            if let maxForwards = try original.maxForwards { followUp.add(.maxForwards, String(maxForwards)) }
            _ = try original.route
            for route in original[.route] { followUp.add(.route, route) }
            _ = try original.from
            followUp.add(.from, original.string(try original.required(.from)))
            followUp.add(.to, to)
            followUp.add(.callID, try original.callID)
            followUp.add(.cseq, SIPCSeq(try original.cseq.sequenceNumber, method).description)
        }
        return SIPRequest(method: method, uri: uri, version: version, headers: followUp)
    }
}
