import SIP

/// The typed values ``SIPMessageParser`` promises are readable in every message it accepts.
struct ReadHeaders: Equatable {
    var vias: [SIPVia]
    var from: SIPAddress
    var to: SIPAddress
    var callID: String
    var cseq: SIPCSeq
    var maxForwards: Int?
    var contacts: SIPContacts
    var route: [SIPAddress]
    var recordRoute: [SIPAddress]
    var contentType: SIPMediaType?
    var contentLength: Int?

    init(_ headers: SIPHeaders) throws(SIPParseError) {
        vias = try headers.via
        from = try headers.from
        to = try headers.to
        callID = try headers.callID
        cseq = try headers.cseq
        maxForwards = try headers.maxForwards
        contacts = try headers.contacts
        route = try headers.route
        recordRoute = try headers.recordRoute
        contentType = try headers.contentType
        contentLength = try headers.contentLength
    }

    var contactAddresses: [SIPAddress] {
        guard case .addresses(let addresses) = contacts else { return [] }
        return addresses
    }
}
