import NIOCore

@testable import SIP

/// Requests and responses for the transaction tests, read by the codec from text the way they
/// arrive, so the state machines and keys see what the transport will hand them.
enum TransactionMessages {
    static func parse(_ lines: [String], body: String = "") throws -> SIPMessage {
        try SIPMessageParser().parse(datagram: Array((lines.joined(separator: "\r\n") + "\r\n\r\n" + body).utf8))
    }

    /// An INVITE as a proxy forwards it (RFC 3261 §24.2, F2): two Vias, a Route set, a body.
    static func invite(branch: String = "z9hG4bK77ef4c2312983.1", transport: String = "UDP", sequence: UInt32 = 314_159) throws -> SIPRequest {
        let sdp = "v=0\r\no=alice 2890844526 2890844526 IN IP4 pc33.atlanta.com\r\ns=-\r\nc=IN IP4 pc33.atlanta.com\r\nt=0 0\r\nm=audio 49172 RTP/AVP 0\r\n"
        let message = try parse(
            [
                "INVITE sip:bob@biloxi.com SIP/2.0",
                "Via: SIP/2.0/\(transport) bigbox3.site3.atlanta.com;branch=\(branch)",
                "Via: SIP/2.0/\(transport) pc33.atlanta.com;branch=z9hG4bKnashds8;received=192.0.2.1",
                "Max-Forwards: 69",
                "Route: <sip:ss2.biloxi.example.com;lr>",
                "Route: <sip:ss3.biloxi.example.com;lr>",
                "To: Bob <sip:bob@biloxi.com>",
                "From: Alice <sip:alice@atlanta.com>;tag=1928301774",
                "Call-ID: a84b4c76e66710@pc33.atlanta.com",
                "CSeq: \(sequence) INVITE",
                "Contact: <sip:alice@pc33.atlanta.com>",
                "Timestamp: 54",
                "Content-Type: application/sdp",
                "Content-Length: \(sdp.utf8.count)",
            ], body: sdp)
        guard let request = message.request else { throw Failure("not a request") }
        return request
    }

    /// A non-INVITE request from a UA (RFC 3261 §24.1 style).
    static func request(_ method: SIPMethod, branch: String = "z9hG4bKnashds7", transport: String = "UDP") throws -> SIPRequest {
        let message = try parse([
            "\(method) sip:registrar.biloxi.com SIP/2.0",
            "Via: SIP/2.0/\(transport) bobspc.biloxi.com:5060;branch=\(branch)",
            "Max-Forwards: 70",
            "To: Bob <sip:bob@biloxi.com>",
            "From: Bob <sip:bob@biloxi.com>;tag=456248",
            "Call-ID: 843817637684230@998sdasdh09",
            "CSeq: 1826 \(method)",
            "Contact: <sip:bob@192.0.2.4>",
        ])
        guard let request = message.request else { throw Failure("not a request") }
        return request
    }

    /// The response a UAS builds for `request` (§8.2.6.2): every Via, From, Call-ID and CSeq
    /// copied, To copied with `toTag` added unless it is `nil`.
    static func response(_ status: Int, to request: SIPRequest, toTag: String? = "a6c85cf") throws -> SIPResponse {
        var headers = SIPHeaders()
        for via in request.headers[.via] { headers.add(.via, via) }
        var to = try request.headers.to
        if let toTag, to.tag == nil { to.tag = toTag }
        headers.add(.to, to.description)
        for name in [SIPHeaderName.from, .callID, .cseq] {
            for value in request.headers[name] { headers.add(name, value) }
        }
        return SIPResponse(status: status, reason: "Reason", headers: headers)
    }

    /// `request` with its top Via's branch replaced, as the next transaction of the same
    /// element would carry it.
    static func rebranched(_ request: SIPRequest, _ branch: String) throws -> SIPRequest {
        var copy = request
        var vias = try request.headers.via
        vias[0].branch = branch
        copy.headers.remove(.via)
        for via in vias.reversed() { copy.headers.insertFirst(.via, via.description) }
        return copy
    }
}
