import NIOCore
import Testing

@testable import SIP

/// Messages built from typed values are written in canonical form and read back unchanged.
@Suite struct SIPRoundTripTests {
    static func invite() throws -> SIPRequest {
        let alice = SIPAddress(displayName: "Alice \"Al\" \\ Smith", uri: try SIPURI("sip:alice@atlanta.example.com"), parameters: ["tag": "1928301774"])
        let bob = SIPAddress(displayName: "Bob", uri: try SIPURI("sip:bob@biloxi.example.com"))
        let via = SIPVia(transport: "UDP", host: .hostname("pc33.atlanta.example.com"), port: 5060, parameters: ["branch": "z9hG4bK776asdhds", "rport": nil])
        var headers = SIPHeaders()
        headers.add(.via, via.description)
        headers.add(.maxForwards, "70")
        headers.add(.to, bob.description)
        headers.add(.from, alice.description)
        headers.add(.callID, "a84b4c76e66710@pc33.atlanta.example.com")
        headers.add(.cseq, SIPCSeq(314_159, .invite).description)
        headers.add(.contact, SIPAddress(uri: try SIPURI("sip:alice@[2001:db8::33]:5062;transport=tcp")).description)
        headers.add(.contentType, SIPMediaType.sdp.description)
        let body = ByteBuffer(
            string: "v=0\r\no=alice 2890844526 2890844526 IN IP4 192.0.2.33\r\ns=-\r\nc=IN IP4 192.0.2.33\r\nt=0 0\r\nm=audio 49172 RTP/AVP 0\r\n")
        return SIPRequest(method: .invite, uri: .sip(try SIPURI("sip:bob@biloxi.example.com")), headers: headers, body: body)
    }

    @Test func aBuiltRequestReadsBackAsBuilt() throws {
        let request = try Self.invite()
        let bytes = SIPMessage.request(request).serialized()
        let text = String(buffer: bytes)
        #expect(text.hasPrefix("INVITE sip:bob@biloxi.example.com SIP/2.0\r\nVia: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;rport\r\n"))
        #expect(text.contains("\r\nContent-Length: \(request.body.readableBytes)\r\n\r\nv=0\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))

        let read = try #require(try SIPMessageParser().parse(datagram: bytes).request)
        #expect(read.method == request.method && read.uri == request.uri && read.body == request.body)
        #expect(
            try read.headers.from
                == SIPAddress(displayName: "Alice \"Al\" \\ Smith", uri: try SIPURI("sip:alice@atlanta.example.com"), parameters: ["tag": "1928301774"]))
        #expect(try read.headers.via.first?.requestsRPort == true)
        #expect(try read.headers.cseq == SIPCSeq(314_159, .invite))
        #expect(try read.headers.contacts == .addresses([SIPAddress(uri: try SIPURI("sip:alice@[2001:db8::33]:5062;transport=tcp"))]))
        var expected = request
        expected.headers.add(.contentLength, String(request.body.readableBytes))
        #expect(read == expected)
    }

    @Test func aBuiltResponseReadsBackAsBuilt() throws {
        let request = try Self.invite()
        var headers = SIPHeaders()
        for name in [SIPHeaderName.via, .from, .to, .callID, .cseq] {
            for value in request.headers[name] { headers.add(name, value) }
        }
        var to = try request.headers.to
        to.tag = "a6c85cf"
        headers.replaceOrAdd(.to, to.description)
        let response = SIPResponse(status: 486, reason: "Busy Here", headers: headers)
        let read = try #require(try SIPMessageParser().parse(datagram: SIPMessage.response(response).serialized()).response)
        #expect(read.status == 486 && read.reason == "Busy Here")
        #expect(try read.headers.to.tag == "a6c85cf")
        var expected = response
        expected.headers.add(.contentLength, "0")
        #expect(read == expected)
    }

    /// RFC 4475 §3.1.1.2 (`intmeth`) sends a display name holding BEL, NUL and DEL as
    /// quoted-pairs; written out they must be quoted-pairs again, since qdtext excludes them, or
    /// the header a B2BUA copies is refused where it arrives (found by `ops/fuzz`).
    @Test func controlCharactersOfADisplayNameAreWrittenAsQuotedPairs() throws {
        let request = try #require(try SIPMessageParser().parse(datagram: TortureMessages.bytes("intmeth")).request)
        let to = try request.headers.to
        #expect(to.description.hasPrefix("\"BEL:\\\u{07} NUL:\\\u{00} DEL:\\\u{7F}\" <sip:"))
        let written: SIPHeaders = [.to: to.description]
        #expect(try written.to == to)

        let built = SIPAddress(displayName: "Tab\tand \u{1B}escape", uri: try SIPURI("sip:a@example.com"))
        #expect(built.description == "\"Tab\tand \\\u{1B}escape\" <sip:a@example.com>")
        #expect(try ([.from: built.description] as SIPHeaders).from == built)
    }

    @Test func contentLengthIsAlwaysTheBodys() throws {
        var request = try Self.invite()
        request.headers.add(.contentLength, "9999")
        request.headers.add("l", "1")
        let text = String(buffer: SIPMessage.request(request).serialized())
        #expect(text.components(separatedBy: "Content-Length: ").count == 2)
        #expect(!text.contains("\r\nl: "))
        #expect(try SIPMessageParser().parse(datagram: ByteBuffer(string: text)).body == request.body)
    }
}
