import Testing

@testable import SIP

@Suite struct SIPHeadersTests {
    @Test func compactFormsAreTheLongHeaders() {
        let compact: [(String, String)] = [
            ("i", "Call-ID"), ("m", "Contact"), ("e", "Content-Encoding"), ("l", "Content-Length"), ("c", "Content-Type"),
            ("f", "From"), ("s", "Subject"), ("k", "Supported"), ("t", "To"), ("v", "Via"),
        ]
        for (letter, long) in compact {
            #expect(SIPHeaderName(letter) == SIPHeaderName(long))
            #expect(SIPHeaderName(letter.uppercased()).name == long)
        }
        #expect(SIPHeaderName("x") != SIPHeaderName("Via"))
    }

    @Test func namesCompareCaseInsensitively() {
        var headers = SIPHeaders()
        headers.add("X-Custom", "1")
        #expect(headers["x-custom"] == ["1"])
        #expect(SIPHeaderName("cAlL-iD") == .callID)
        #expect(SIPHeaderName("cAlL-iD").name == "Call-ID")
    }

    @Test func keepsOrderAndMultiplicity() {
        var headers: SIPHeaders = [.via: "SIP/2.0/UDP a", .to: "<sip:b@x>", .via: "SIP/2.0/UDP c"]
        headers.insertFirst(.via, "SIP/2.0/UDP first")
        #expect(headers[.via] == ["SIP/2.0/UDP first", "SIP/2.0/UDP a", "SIP/2.0/UDP c"])
        #expect(headers.map(\.name) == ["Via", "Via", "To", "Via"])
    }

    @Test func replaceOrAddKeepsThePlaceOfTheFirst() {
        var headers: SIPHeaders = [.from: "a", .contact: "1", .to: "b", .contact: "2"]
        headers.replaceOrAdd(.contact, "3")
        #expect(headers.map(\.value) == ["a", "3", "b"])
        headers.replaceOrAdd(.expires, "60")
        #expect(headers.first(.expires) == "60" && headers.count == 4)
        headers.remove(.contact)
        #expect(!headers.contains(.contact) && headers.count == 3)
    }

    @Test func equalityIgnoresTheSpellingOfNamesButNotValues() {
        let long: SIPHeaders = [SIPHeaderName("Via"): "SIP/2.0/UDP a", SIPHeaderName("X-A"): "1"]
        var compact = SIPHeaders()
        compact.add("v", "SIP/2.0/UDP a")
        compact.add("x-a", "1")
        #expect(long == compact)
        #expect(long != [SIPHeaderName("Via"): "SIP/2.0/UDP b", SIPHeaderName("X-A"): "1"])
        #expect(long != [SIPHeaderName("X-A"): "1", SIPHeaderName("Via"): "SIP/2.0/UDP a"])
    }
}
