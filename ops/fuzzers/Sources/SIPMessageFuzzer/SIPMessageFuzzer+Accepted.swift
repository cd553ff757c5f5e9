import NIOCore
import SIP

extension SIPMessageFuzzer {
    /// The promises of ``SIPMessageParser`` about a message it accepted.
    static func checkAccepted(_ message: SIPMessage) {
        let headers = message.headers
        let read: ReadHeaders
        do {
            read = try ReadHeaders(headers)
        } catch {
            violated("an accessor the parser vouches for refuses an accepted message", error.description)
        }
        guard !read.vias.isEmpty else { violated("an accepted message without a Via") }
        if let length = read.contentLength, length != message.body.readableBytes {
            violated("Content-Length is not the body's size", "\(length) vs \(message.body.readableBytes)")
        }
        switch message {
        case .request(let request):
            guard read.cseq.method == request.method else { violated("CSeq method differs from the request's", read.cseq.description) }
            checkRewritten(request.uri)
        case .response(let response):
            guard SIPResponse.statusCodes.contains(response.status) else { violated("status out of range", String(response.status)) }
        }
        for via in read.vias {
            if let value = via.parameters["rport"], via.rport == nil || !(1...65_535).contains(via.rport ?? 0) {
                violated("an accepted Via with an rport that is not a port", value)
            }
            if via.parameters["ttl"] != nil, via.ttl == nil { violated("an accepted Via with a ttl that is not a number") }
        }
        for address in [read.from, read.to] + read.route + read.recordRoute + read.contactAddresses {
            checkRewritten(address.uri)
        }
        checkRewritten(read)
        exerciseAccessors(headers)
    }

    /// Each typed value written as its type writes it reads back as the same value: a B2BUA
    /// builds its requests from these values.
    static func checkRewritten(_ read: ReadHeaders) {
        var headers = SIPHeaders()
        for via in read.vias { headers.add(.via, via.description) }
        headers.add(.from, read.from.description)
        headers.add(.to, read.to.description)
        headers.add(.callID, read.callID)
        headers.add(.cseq, read.cseq.description)
        if let maxForwards = read.maxForwards { headers.add(.maxForwards, String(maxForwards)) }
        switch read.contacts {
        case .wildcard: headers.add(.contact, "*")
        case .addresses(let addresses): for address in addresses { headers.add(.contact, address.description) }
        }
        for address in read.route { headers.add(.route, address.description) }
        for address in read.recordRoute { headers.add(.recordRoute, address.description) }
        if let contentType = read.contentType { headers.add(.contentType, contentType.description) }
        if let contentLength = read.contentLength { headers.add(.contentLength, String(contentLength)) }
        let reread: ReadHeaders
        do {
            reread = try ReadHeaders(headers)
        } catch {
            violated("a header written from its typed value is refused", "\(error) in \(headers.description)")
        }
        guard reread == read else { violated("a header written from its typed value reads back otherwise", headers.description) }
    }

    /// A URI written out reads back as itself and is equivalent to itself (§19.1.4).
    static func checkRewritten(_ uri: SIPAddrSpec) {
        guard let reread = try? SIPAddrSpec(uri.description), reread == uri else {
            violated("a URI written out reads back otherwise", uri.description)
        }
        if case .sip(let sipURI) = uri, !sipURI.isEquivalent(to: sipURI) {
            violated("a URI is not equivalent to itself", sipURI.description)
        }
    }

    /// Every accessor, on headers the parser vouches for or not: each returns or throws a
    /// `SIPParseError` (typed throws make that the only error), and must not trap.
    static func exerciseAccessors(_ headers: SIPHeaders) {
        _ = try? headers.via.map { ($0.branch, $0.hasRFC3261Branch, $0.received, $0.rport, $0.ttl, $0.maddr, $0.sentBy, $0.description) }
        _ = try? headers.from.tag
        _ = try? headers.to.description
        _ = try? headers.callID
        _ = try? headers.cseq.description
        _ = try? headers.maxForwards
        if case .addresses(let contacts)? = try? headers.contacts {
            for contact in contacts {
                _ = try? contact.expires
                _ = contact.uri.sipURI.map { ($0.unescapedUser, $0.transport, $0.isLooseRouter) }
            }
        }
        _ = try? headers.contentLength
        _ = try? headers.contentType?.matches(.sdp)
        _ = try? headers.expires
        _ = try? headers.route
        _ = try? headers.recordRoute
        for (name, value) in headers where !headers[SIPHeaderName(name)].contains(value) {
            violated("a header field is not found under its own name", name)
        }
        _ = headers.description
    }
}
