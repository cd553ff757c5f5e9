/// Which transaction a message belongs to, as a value a transaction table can use as a
/// dictionary key: a client table keys on ``client(for:)`` and looks responses up with
/// ``client(matching:)`` (RFC 3261 §17.1.3); a server table keys on and looks requests up with
/// ``server(matching:)`` (§17.2.3).
///
/// Requests from RFC 3261 elements are matched on the top Via's branch, which such an element
/// makes unique per transaction (§8.1.1.7). A branch without the magic cookie `z9hG4bK` — or the
/// bare cookie (RFC 4475 §3.2.1) — promises no such thing, so those requests are matched the
/// RFC 2543 way, on Request-URI, To tag, From tag, Call-ID, CSeq and top Via (§17.2.3).
public struct SIPTransactionKey: Sendable, Hashable, CustomStringConvertible {
    enum Identity: Sendable, Hashable {
        /// §17.1.3: the top Via's branch and the CSeq method (a CANCEL and its INVITE share the
        /// branch and are two transactions).
        case client(branch: String, method: SIPMethod)
        /// §17.2.3: branch, sent-by and method, with ACK counted as INVITE.
        case server(branch: String, sentBy: String, method: SIPMethod)
        /// §17.2.3 for RFC 2543 requests.
        case rfc2543(RFC2543Identity)
    }

    /// The fields §17.2.3 compares for a request without an RFC 3261 branch.
    ///
    /// The To tag is left out for INVITE and ACK: an ACK "matches … if … the To tag of the ACK
    /// matches the To tag of the response sent by the server transaction", which is usually not
    /// the INVITE's (the UAS adds it), so no key computed from the INVITE could equal the ACK's.
    /// The INVITE server transaction compares that tag itself
    /// (``SIPInviteServerTransaction/StateMachine/receivedACK(_:)``); a retransmitted INVITE
    /// carries its original's To tag anyway.
    struct RFC2543Identity: Sendable, Hashable {
        var requestURI: String
        var toTag: String?
        var fromTag: String?
        var callID: String
        var sequenceNumber: UInt32
        var method: SIPMethod
        /// The top via-parm without `received` and `rport`, which the receiving transport adds
        /// (§18.2.1, RFC 3581 §4) and the sender never wrote.
        var topVia: String
    }

    let identity: Identity

    /// The key of the client transaction that sends `request`.
    /// - Throws: ``SIPTransactionError`` when `request` is an ACK (it creates no client
    ///   transaction, §17.1.1.3, §13.2.2.4), has no RFC 3261 branch (§8.1.1.7), or its top Via
    ///   cannot be read.
    public static func client(for request: SIPRequest) throws(SIPTransactionError) -> SIPTransactionKey {
        guard request.method != .ack else { throw SIPTransactionError(.methodNotAllowed, detail: "ACK creates no client transaction") }
        let top = try topVia(request.headers)
        guard top.hasRFC3261Branch, let branch = top.branch else { throw SIPTransactionError(.missingRFC3261Branch, detail: top.branch) }
        return SIPTransactionKey(identity: .client(branch: folded(branch), method: request.method))
    }

    /// The key of the client transaction whose request carries `branch` in its top Via, for the
    /// layer that writes that Via itself.
    static func client(branch: String, method: SIPMethod) -> SIPTransactionKey {
        SIPTransactionKey(identity: .client(branch: folded(branch), method: method))
    }

    /// The key of the client transaction a response belongs to (§17.1.3): its top Via's branch
    /// and its CSeq method.
    /// - Throws: ``SIPTransactionError`` when the top Via has no RFC 3261 branch — no client
    ///   transaction of this stack sent it — or the top Via or CSeq cannot be read.
    public static func client(matching response: SIPResponse) throws(SIPTransactionError) -> SIPTransactionKey {
        let top = try topVia(response.headers)
        guard top.hasRFC3261Branch, let branch = top.branch else { throw SIPTransactionError(.missingRFC3261Branch, detail: top.branch) }
        let method = try SIPTransactionError.reading { () throws(SIPParseError) in try response.headers.cseq.method }
        return SIPTransactionKey(identity: .client(branch: folded(branch), method: method))
    }

    /// The key of the server transaction a request creates or belongs to (§17.2.3). An ACK gets
    /// its INVITE's key, so the ACK of a non-2xx final response finds that transaction; the ACK
    /// of a 2xx carries a branch of its own (§13.2.2.4) and finds none. A CANCEL gets a key of its
    /// own: it is a transaction (§9.2); ``server(cancelledBy:method:)`` finds the one it cancels.
    /// - Throws: ``SIPTransactionError`` when a header the rule reads cannot be read.
    public static func server(matching request: SIPRequest) throws(SIPTransactionError) -> SIPTransactionKey {
        try server(request, method: request.method == .ack ? .invite : request.method)
    }

    /// The key of the server transaction a CANCEL cancels (§9.2: the transaction matched "assuming
    /// that the request method is anything but CANCEL or ACK"). That is an INVITE's unless
    /// `method` names another: §9.1 lets a CANCEL target any request but ACK and CANCEL, though it
    /// does something only to an INVITE.
    /// - Throws: ``SIPTransactionError`` when `cancel` is not a CANCEL, `method` is ACK or CANCEL,
    ///   or a header the rule reads cannot be read.
    public static func server(cancelledBy cancel: SIPRequest, method: SIPMethod = .invite) throws(SIPTransactionError) -> SIPTransactionKey {
        guard cancel.method == .cancel else { throw SIPTransactionError(.methodNotAllowed, detail: cancel.method.rawValue + " is not a CANCEL") }
        guard method != .ack, method != .cancel else { throw SIPTransactionError(.methodNotAllowed, detail: "a CANCEL cannot cancel " + method.rawValue) }
        return try server(cancel, method: method)
    }

    /// Whether the key was built by the RFC 2543 rule.
    public var isRFC2543: Bool {
        if case .rfc2543 = identity { return true }
        return false
    }

    /// The method of the transaction: INVITE for an ACK's key.
    public var method: SIPMethod {
        switch identity {
        case .client(_, let method), .server(_, _, let method): method
        case .rfc2543(let fields): fields.method
        }
    }

    public var description: String {
        switch identity {
        case .client(let branch, let method): "client " + method.rawValue + " " + branch
        case .server(let branch, let sentBy, let method): "server " + method.rawValue + " " + branch + " " + sentBy
        case .rfc2543(let fields):
            "server " + fields.method.rawValue + " (RFC 2543) " + fields.callID + " " + String(fields.sequenceNumber) + " " + fields.topVia
        }
    }

    private static func server(_ request: SIPRequest, method: SIPMethod) throws(SIPTransactionError) -> SIPTransactionKey {
        let top = try topVia(request.headers)
        if top.hasRFC3261Branch, let branch = top.branch {
            let sentBy = top.host.description.lowercased() + (top.port.map { ":" + String($0) } ?? "")
            return SIPTransactionKey(identity: .server(branch: folded(branch), sentBy: sentBy, method: method))
        }
        var via = top
        via.parameters.remove("received")
        via.parameters.remove("rport")
        let headers = request.headers
        let fields = try SIPTransactionError.reading { () throws(SIPParseError) in
            RFC2543Identity(
                requestURI: request.uri.description, toTag: method == .invite ? nil : try headers.to.tag, fromTag: try headers.from.tag,
                callID: try headers.callID, sequenceNumber: try headers.cseq.sequenceNumber, method: method, topVia: via.description)
        }
        return SIPTransactionKey(identity: .rfc2543(fields))
    }

    private static func topVia(_ headers: SIPHeaders) throws(SIPTransactionError) -> SIPVia {
        let vias = try SIPTransactionError.reading { () throws(SIPParseError) in try headers.via }
        guard let top = vias.first else {
            throw SIPTransactionError(.malformedMessage, parseError: SIPParseError(.missingHeader, header: SIPHeaderName.via.name))
        }
        return top
    }

    /// Parameter values compare case-insensitively unless their header says otherwise (§7.3.1),
    /// and Via's does not for `branch`.
    private static func folded(_ branch: String) -> String { branch.lowercased() }
}
