import Testing

@testable import SIP

@Suite struct SIPHeaderAccessorTests {
    @Test func viaValuesWithinAndAcrossHeaders() throws {
        let headers: SIPHeaders = [
            .via: "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1;rport=5062;received=198.51.100.7, SIP/2.0/TCP proxy.example.com;branch=z9hG4bK2",
            "v": "SIP / 2.0 / TLS [2001:db8::1]:5061 ; branch = z9hG4bK3 ; rport",
        ]
        let vias = try headers.via
        #expect(vias.count == 3)
        #expect(vias[0].sentBy == "192.0.2.1:5060" && vias[0].rport == 5062 && vias[0].received == "198.51.100.7")
        #expect(vias[1].transport == "TCP" && vias[1].port == nil && vias[1].branch == "z9hG4bK2")
        #expect(vias[2].host == .ipv6("2001:db8::1") && vias[2].requestsRPort && vias[2].rport == nil && vias[2].hasRFC3261Branch)
    }

    @Test(arguments: [
        "SIP/2.0/UDP", "SIP/2.0 192.0.2.1", "SIP/2.0/UDP 192.0.2.1:0", "SIP/2.0/UDP 192.0.2.1;ttl=256",
        "SIP/2.0/UDP 192.0.2.1;rport=70000", "SIP/2.0/UDP a;branch=1,", "SIP/2.0/UDP a;;",
    ])
    func refusesMalformedVia(value: String) {
        let headers: SIPHeaders = [.via: value]
        #expect(throws: SIPParseError.self) { try headers.via }
    }

    @Test func fromAndToInEveryForm() throws {
        let quoted: SIPHeaders = [.from: "\"Alice \\\"A\\\" Smith\" <sip:alice@example.com>;tag=a1"]
        #expect(try quoted.from.displayName == "Alice \"A\" Smith" && quoted.from.tag == "a1")
        let tokens: SIPHeaders = [.from: "Alice  Smith <sip:alice@example.com>;tag=a1"]
        #expect(try tokens.from.displayName == "Alice  Smith")
        let bare: SIPHeaders = [.to: "sip:bob@example.com;tag=b2"]
        #expect(try bare.to.tag == "b2" && bare.to.displayName == nil && bare.to.uri.sipURI?.parameters.isEmpty == true)
        let bracketed: SIPHeaders = [.to: "<sip:bob@example.com;transport=tcp>;tag=b2"]
        #expect(try bracketed.to.uri.sipURI?.transport == "tcp" && bracketed.to.tag == "b2")
    }

    @Test func missingOrRepeatedSingleHeadersAreNamed() {
        let none = SIPHeaders()
        #expect(throws: SIPParseError(.missingHeader, header: "From")) { try none.from }
        let twice: SIPHeaders = [.callID: "a@b", "i": "c@d"]
        #expect(throws: SIPParseError(.duplicateHeader, header: "Call-ID")) { try twice.callID }
    }

    @Test func cseqSequenceNumberStopsBelow2To31() throws {
        #expect(try ([.cseq: "2147483647 INVITE"] as SIPHeaders).cseq == SIPCSeq(2_147_483_647, .invite))
        #expect(throws: SIPParseError(.numberOutOfRange, header: "CSeq", detail: "2147483648")) {
            try ([.cseq: "2147483648 INVITE"] as SIPHeaders).cseq
        }
        #expect(throws: SIPParseError.self) { try ([.cseq: "-1 INVITE"] as SIPHeaders).cseq }
        #expect(throws: SIPParseError.self) { try ([.cseq: "1INVITE"] as SIPHeaders).cseq }
        #expect(throws: SIPParseError.self) { try ([.cseq: "1 INVITE x"] as SIPHeaders).cseq }
    }

    @Test func maxForwardsIsZeroTo255() throws {
        #expect(try ([.maxForwards: "0"] as SIPHeaders).maxForwards == 0)
        #expect(try ([.maxForwards: "255"] as SIPHeaders).maxForwards == 255)
        #expect(throws: SIPParseError(.numberOutOfRange, header: "Max-Forwards", detail: "256")) { try ([.maxForwards: "256"] as SIPHeaders).maxForwards }
        #expect(try SIPHeaders().maxForwards == nil)
    }

    @Test func contactsWildcardListsAndExpires() throws {
        #expect(try ([.contact: "*"] as SIPHeaders).contacts == .wildcard)
        #expect(throws: SIPParseError.self) { try ([.contact: "*, <sip:a@b>"] as SIPHeaders).contacts }
        let headers: SIPHeaders = [.contact: "<sip:a@192.0.2.1>;expires=3600;q=0.7, \"B\" <sip:b@192.0.2.2>", "m": "sip:c@192.0.2.3;expires=0"]
        guard case .addresses(let contacts) = try headers.contacts else { throw Failure("expected addresses") }
        #expect(contacts.count == 3)
        #expect(try contacts[0].expires == 3600 && contacts[0].parameters["q"] == "0.7")
        #expect(try contacts[1].displayName == "B" && contacts[1].expires == nil)
        #expect(try contacts[2].expires == 0)
        let huge = SIPAddress(uri: try SIPAddrSpec("sip:a@b.example"), parameters: ["expires": "4294967296"])
        #expect(throws: SIPParseError.self) { try huge.expires }
        #expect(try ([.contact: "<sip:a@b.example>"] as SIPHeaders).contacts == .addresses([SIPAddress(uri: try SIPAddrSpec("sip:a@b.example"))]))
        #expect(try SIPHeaders().contacts == .addresses([]))
    }

    @Test func expiresAndContentLengthRefuseWhatDoesNotFit() throws {
        #expect(try ([.expires: "4294967295"] as SIPHeaders).expires == UInt32.max)
        #expect(throws: SIPParseError.self) { try ([.expires: "4294967296"] as SIPHeaders).expires }
        #expect(try ([.contentLength: "0"] as SIPHeaders).contentLength == 0)
        #expect(throws: SIPParseError(.malformedContentLength, detail: "-1")) { try ([.contentLength: "-1"] as SIPHeaders).contentLength }
        #expect(throws: SIPParseError.self) { try ([.contentLength: "99999999999999999999"] as SIPHeaders).contentLength }
    }

    @Test func contentTypeAndRouteSets() throws {
        let headers: SIPHeaders = [
            .contentType: "application/SDP ; charset=utf-8",
            .route: "<sip:p1.example.com;lr>, <sip:p2.example.com;lr>",
            .recordRoute: "<sip:p3.example.com;lr>",
        ]
        let type = try #require(try headers.contentType)
        #expect(type.matches(.sdp) && type.parameters["charset"] == "utf-8")
        #expect(try headers.route.compactMap { $0.uri.sipURI?.host } == [.hostname("p1.example.com"), .hostname("p2.example.com")])
        #expect(try headers.recordRoute.count == 1)
        #expect(throws: SIPParseError.self) { try ([.route: "sip:p1.example.com;lr"] as SIPHeaders).route }
    }

    @Test func callIDIsWordAtWord() throws {
        #expect(try ([.callID: "a84b4c76e66710@pc33.atlanta.com"] as SIPHeaders).callID == "a84b4c76e66710@pc33.atlanta.com")
        #expect(throws: SIPParseError.self) { try ([.callID: "a@b@c"] as SIPHeaders).callID }
        #expect(throws: SIPParseError.self) { try ([.callID: "a b"] as SIPHeaders).callID }
        #expect(throws: SIPParseError.self) { try ([.callID: ""] as SIPHeaders).callID }
    }
}
