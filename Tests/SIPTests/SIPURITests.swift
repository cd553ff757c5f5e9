import Testing

@testable import SIP

@Suite struct SIPURITests {
    @Test func readsEveryPartOfASIPURI() throws {
        let uri = try SIPURI("sips:alice:secret@example.com:5061;transport=tcp;lr?subject=project%20x&priority=urgent")
        #expect(uri.scheme == .sips)
        #expect(uri.user == "alice" && uri.password == "secret")
        #expect(uri.host == .hostname("example.com") && uri.port == 5061)
        #expect(uri.transport == "tcp" && uri.isLooseRouter)
        #expect(uri.headers["subject"] == "project%20x" && uri.headers["priority"] == "urgent")
        #expect(uri.description == "sips:alice:secret@example.com:5061;transport=tcp;lr?subject=project%20x&priority=urgent")
    }

    @Test func readsIPv4AndIPv6Hosts() throws {
        #expect(try SIPURI("sip:192.0.2.1:5060").host == .ipv4("192.0.2.1"))
        let v6 = try SIPURI("sip:bob@[2001:db8::10]:5070;maddr=[2001:db8::1]")
        #expect(v6.host == .ipv6("2001:db8::10") && v6.port == 5070)
        #expect(v6.description == "sip:bob@[2001:db8::10]:5070;maddr=[2001:db8::1]")
    }

    @Test func schemeIsCaseInsensitive() throws {
        #expect(try SIPURI("SIP:bob@example.com").scheme == .sip)
    }

    @Test(arguments: [
        "sip:", "sip:@example.com", "sip:bob@", "sip:bob@exa mple.com", "sip:bob@example.com:0", "sip:bob@example.com:65536",
        "sip:bob@example.com:99999999999999999999", "sip:b%4@example.com", "sip:bob@example.com;=x", "sip:bob@example.com?x",
        "sip:bob@192.0.2.256", "sip:bob@-example.com", "sip:bob@[::1", "sip:<bob>@example.com", "http://example.com",
    ])
    func refusesMalformedURIs(text: String) {
        #expect(throws: SIPParseError.self) { try SIPURI(text) }
    }

    /// RFC 3261 §19.1.1: "any given parameter-name MUST NOT appear more than once", spelled
    /// alike or not (§19.1.4 unescapes and ignores case). ops/fuzz found RFC 4475 esc01's
    /// Contact with `n%61me` twice, which its own isEquivalent(to:) then called unequal to itself.
    @Test(arguments: [
        "sip:cal%6Cer@host5.example.net;%6C%72;n%61me=vample.net;%6C%72;n%61me=v%61lue%25%34%31",
        "sip:bob@example.com;name=a;name=b", "sip:bob@example.com;lr;LR", "sip:bob@example.com;transport=tcp;%74ransport=udp",
    ])
    func refusesARepeatedParameterName(text: String) {
        #expect(throws: SIPParseError(.malformedURI, detail: text)) { try SIPURI(text) }
    }

    @Test func keepsEscapesAndComparesUnescaped() throws {
        let escaped = try SIPURI("sip:%61lice@EXAMPLE.com;transport=TCP")
        let plain = try SIPURI("sip:alice@example.com;transport=tcp")
        #expect(escaped.user == "%61lice" && escaped.unescapedUser == "alice")
        #expect(escaped.isEquivalent(to: plain))
        #expect(escaped != plain)
    }

    @Test func equivalenceFollowsRFC3261Section19_1_4() throws {
        #expect(try !SIPURI("sip:alice@example.com").isEquivalent(to: SIPURI("sip:ALICE@example.com")))
        #expect(try !SIPURI("sip:alice@example.com").isEquivalent(to: SIPURI("sip:alice@example.com:5060")))
        #expect(try !SIPURI("sip:alice@example.com").isEquivalent(to: SIPURI("sip:alice@example.com;transport=udp")))
        #expect(try SIPURI("sip:alice@example.com;foo=1").isEquivalent(to: SIPURI("sip:alice@example.com;bar=2")))
        #expect(try !SIPURI("sip:alice@example.com?a=b").isEquivalent(to: SIPURI("sip:alice@example.com")))
    }

    @Test func keepsOtherSchemesOpaque() throws {
        #expect(
            try SIPAddrSpec("tel:+49-89-1234;phone-context=example.com")
                == .absolute(SIPAbsoluteURI(scheme: "tel", rest: "+49-89-1234;phone-context=example.com")))
        #expect(try SIPAddrSpec("sip:bob@example.com").sipURI?.user == "bob")
        #expect(throws: SIPParseError.self) { try SIPAddrSpec("tel:") }
        #expect(throws: SIPParseError.self) { try SIPAddrSpec("1tel:+49") }
        #expect(throws: SIPParseError.self) { try SIPAddrSpec("tel:+49 89") }
    }
}
