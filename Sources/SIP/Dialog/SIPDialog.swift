import NIOCore

/// The state one side keeps for a dialog (RFC 3261 §12): its identifier, both sequence numbers,
/// the remote target and the local and remote URIs — enough to build every request it sends
/// inside the dialog (§12.2.1.1) and to tell whether a request received belongs to it.
///
/// A value with no I/O: the B2BUA keeps one per call leg and hands what it builds to the
/// transaction layer. Route sets are not kept: Callplane's phones reach it directly, and the
/// requests it sends in a dialog go over the flow the dialog was set up on.
public struct SIPDialog: Sendable, Hashable {
    public var callID: String
    public var localTag: String
    public var remoteTag: String
    /// From of what this side sends, without its tag.
    public var localURI: SIPAddress
    public var remoteURI: SIPAddress
    /// The remote Contact (§12.1.1, §12.1.2): the Request-URI of every request sent in the dialog.
    public var remoteTarget: SIPAddrSpec
    /// This side's Contact, put in every request and 2xx it sends (§12.1.1).
    public var localContact: SIPAddress
    /// The CSeq of the last request this side sent in the dialog.
    public private(set) var localSequence: UInt32
    /// The CSeq of the last request received in the dialog; `nil` until one arrives (§12.2.2).
    public private(set) var remoteSequence: UInt32?

    public init(
        callID: String, localTag: String, remoteTag: String, localURI: SIPAddress, remoteURI: SIPAddress, remoteTarget: SIPAddrSpec,
        localContact: SIPAddress, localSequence: UInt32, remoteSequence: UInt32?
    ) {
        self.callID = callID
        self.localTag = localTag
        self.remoteTag = remoteTag
        self.localURI = localURI
        self.remoteURI = remoteURI
        self.remoteTarget = remoteTarget
        self.localContact = localContact
        self.localSequence = localSequence
        self.remoteSequence = remoteSequence
    }

    /// The UAS's dialog of an INVITE it answers with a 2xx or a 101–199 with a tag (§12.1.1).
    /// - Parameter localSequence: §12.1.1 leaves the UAS's first sequence number open.
    public init(answering invite: SIPRequest, localTag: String, localContact: SIPAddress, localSequence: UInt32 = 1) throws(SIPParseError) {
        let from = try invite.headers.from
        var to = try invite.headers.to
        to.tag = nil
        var remote = from
        remote.tag = nil
        guard case .addresses(let contacts) = try invite.headers.contacts, let contact = contacts.first else {
            throw SIPParseError(.missingHeader, header: "Contact", detail: "an INVITE names the target of its dialog (RFC 3261 §8.1.1.8)")
        }
        self.init(
            callID: try invite.headers.callID, localTag: localTag, remoteTag: from.tag ?? "", localURI: to, remoteURI: remote,
            remoteTarget: contact.uri, localContact: localContact, localSequence: localSequence,
            remoteSequence: try invite.headers.cseq.sequenceNumber)
    }

    /// The UAC's dialog of the INVITE it sent, from a response with a To tag (§12.1.2).
    public init(invite: SIPRequest, response: SIPResponse) throws(SIPParseError) {
        var from = try invite.headers.from
        let localTag = from.tag ?? ""
        from.tag = nil
        var to = try response.headers.to
        let remoteTag = to.tag ?? ""
        to.tag = nil
        var target = invite.uri
        if case .addresses(let contacts) = try response.headers.contacts, let contact = contacts.first { target = contact.uri }
        let contact: SIPAddress
        if case .addresses(let own) = try invite.headers.contacts, let first = own.first {
            contact = first
        } else {
            contact = from
        }
        self.init(
            callID: try invite.headers.callID, localTag: localTag, remoteTag: remoteTag, localURI: from, remoteURI: to, remoteTarget: target,
            localContact: contact, localSequence: try invite.headers.cseq.sequenceNumber, remoteSequence: nil)
    }

    /// Whether `request` was sent in this dialog by the remote side (§12.2.2: Call-ID, its From
    /// tag is our remote tag, its To tag ours).
    public func contains(_ request: SIPRequest) -> Bool {
        guard let callID = try? request.headers.callID, callID == self.callID else { return false }
        return (try? request.headers.from.tag) == remoteTag && (try? request.headers.to.tag) == localTag
    }

    /// Takes a request received in the dialog: §12.2.2, a CSeq lower than the last one is out of
    /// order and answered 500. Returns whether it is in order.
    public mutating func receive(_ request: SIPRequest) -> Bool {
        guard let sequence = try? request.headers.cseq.sequenceNumber else { return false }
        if request.method != .ack, request.method != .cancel, let last = remoteSequence, sequence <= last { return false }
        if request.method != .ack, request.method != .cancel { remoteSequence = sequence }
        return true
    }

    /// A new request in the dialog (§12.2.1.1): next CSeq, Request-URI the remote target, From
    /// and To with the tags. No Via: the transaction layer adds it.
    public mutating func request(_ method: SIPMethod, body: ByteBuffer = ByteBuffer(), contentType: String? = nil) -> SIPRequest {
        localSequence += 1
        return build(method, sequence: localSequence, body: body, contentType: contentType)
    }

    /// The ACK of a 2xx to the INVITE with CSeq `sequence` (§13.2.2.4: the INVITE's number).
    public func acknowledgement(of sequence: UInt32, body: ByteBuffer = ByteBuffer(), contentType: String? = nil) -> SIPRequest {
        build(.ack, sequence: sequence, body: body, contentType: contentType)
    }

    private func build(_ method: SIPMethod, sequence: UInt32, body: ByteBuffer, contentType: String?) -> SIPRequest {
        var from = localURI
        from.tag = localTag
        var to = remoteURI
        to.tag = remoteTag.isEmpty ? nil : remoteTag
        var headers = SIPHeaders()
        headers.add(.maxForwards, "70")
        headers.add(.from, from.description)
        headers.add(.to, to.description)
        headers.add(.callID, callID)
        headers.add(.cseq, SIPCSeq(sequence, method).description)
        if method != .bye, method != .cancel { headers.add(.contact, localContact.description) }
        if let contentType, body.readableBytes > 0 { headers.add(.contentType, contentType) }
        return SIPRequest(method: method, uri: remoteTarget, headers: headers, body: body)
    }
}
