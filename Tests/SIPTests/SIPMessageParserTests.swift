import NIOCore
import Testing

@testable import SIP

@Suite struct SIPMessageParserTests {
    static let options = """
        OPTIONS sip:bob@example.com SIP/2.0\r
        Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKopt1\r
        Max-Forwards: 70\r
        From: <sip:alice@example.com>;tag=a1\r
        To: <sip:bob@example.com>\r
        Call-ID: opt1@192.0.2.1\r
        CSeq: 1 OPTIONS\r
        Content-Length: 0\r
        \r

        """

    static func datagram(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func readsARequest() throws {
        let message = try SIPMessageParser().parse(datagram: Self.datagram(Self.options))
        let request = try #require(message.request)
        #expect(request.method == .options && request.version == .sip2)
        #expect(request.uri.sipURI?.user == "bob")
        #expect(try request.headers.cseq == SIPCSeq(1, .options))
        #expect(request.body.readableBytes == 0)
    }

    @Test func unfoldsContinuationLinesIntoOneSpace() throws {
        let text = Self.options.replacingOccurrences(of: "Max-Forwards: 70\r\n", with: "Subject: first\r\n \t second\r\n\tthird\r\nMax-Forwards:\r\n 70\r\n")
        let message = try SIPMessageParser().parse(datagram: Self.datagram(text))
        #expect(message.headers.first(.subject) == "first second third")
        #expect(try message.headers.maxForwards == 70)
    }

    @Test func leadingCRLFsAreSkipped() throws {
        #expect(try SIPMessageParser().parse(datagram: Self.datagram("\r\n\r\n" + Self.options)).request?.method == .options)
    }

    @Test func bodyRunsToContentLengthOrToTheEndOfTheDatagram() throws {
        let withLength = Self.options.replacingOccurrences(of: "Content-Length: 0", with: "Content-Length: 4") + "bodyEXTRA"
        #expect(try SIPMessageParser().parse(datagram: Self.datagram(withLength)).body == ByteBuffer(string: "body"))
        let without = Self.options.replacingOccurrences(of: "Content-Length: 0\r\n", with: "") + "whole rest"
        #expect(try SIPMessageParser().parse(datagram: Self.datagram(without)).body == ByteBuffer(string: "whole rest"))
        let tooLong = Self.options.replacingOccurrences(of: "Content-Length: 0", with: "Content-Length: 5") + "four"
        #expect(throws: SIPParseError.self) { try SIPMessageParser().parse(datagram: Self.datagram(tooLong)) }
    }

    @Test func responsesAreReadAndStatusCodesBounded() throws {
        let ok =
            "SIP/2.0 180 Ringing\r\nVia: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r\nFrom: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>;tag=2\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n\r\n"
        let response = try #require(try SIPMessageParser().parse(datagram: Self.datagram(ok)).response)
        #expect(response.status == 180 && response.reason == "Ringing" && response.isProvisional)
        for code in ["099", "700", "4294967301", "20", "2000", "20x"] {
            let error = try #require(throws: SIPParseError.self) {
                try SIPMessageParser().parse(datagram: Self.datagram(ok.replacingOccurrences(of: "180", with: code)))
            }
            #expect(error.answer == .discard)
            #expect(error.rule == .statusCodeOutOfRange || error.rule == .malformedStatusLine)
        }
    }

    @Test func sizeBoundsAreEnforced() throws {
        let limits = SIPMessageParser.Limits(maximumMessageSize: 1_024, maximumHeaderCount: 8, maximumLineLength: 100)
        let parser = SIPMessageParser(limits: limits)
        let large = Self.options.replacingOccurrences(of: "Content-Length: 0", with: "Content-Length: 1000") + String(repeating: "x", count: 1_000)
        #expect(throws: SIPParseError(.messageTooLarge, detail: String(large.utf8.count), answer: .discard)) {
            try parser.parse(datagram: Self.datagram(large))
        }
        let many = Self.options.replacingOccurrences(of: "Content-Length: 0\r\n", with: "X-A: 1\r\nX-B: 2\r\nContent-Length: 0\r\n")
        #expect(throws: SIPParseError.self) { try parser.parse(datagram: Self.datagram(many)) }
        let longLine = Self.options.replacingOccurrences(of: "Content-Length: 0", with: "Subject: " + String(repeating: "y", count: 100))
        let error = try #require(throws: SIPParseError.self) { try parser.parse(datagram: Self.datagram(longLine)) }
        #expect(error.rule == .lineTooLong && error.canAnswerWithBadRequest)
        let longFolded = Self.options.replacingOccurrences(
            of: "Content-Length: 0", with: "Subject: " + Array(repeating: String(repeating: "z", count: 40), count: 4).joined(separator: "\r\n "))
        #expect(throws: SIPParseError.self) { try parser.parse(datagram: Self.datagram(longFolded)) }
    }

    @Test func bareLineBreaksAndNamelessLinesAreRefused() {
        for broken in ["Subject: a\nb\r\n", "Subject: a\rb\r\n", ": nameless\r\n", " continuation first\r\n", "No colon here\r\n"] {
            let text = Self.options.replacingOccurrences(
                of: "OPTIONS sip:bob@example.com SIP/2.0\r\n", with: "OPTIONS sip:bob@example.com SIP/2.0\r\n" + broken)
            #expect(throws: SIPParseError.self) { try SIPMessageParser().parse(datagram: Self.datagram(text)) }
        }
        #expect(throws: SIPParseError(.missingEmptyLine, answer: .discard)) {
            try SIPMessageParser().parse(datagram: Self.datagram(String(Self.options.dropLast(2))))
        }
    }

    @Test func aBadRequestIsAnsweredOnlyWhenItsViaIsReadable() throws {
        let badCSeq = Self.options.replacingOccurrences(of: "CSeq: 1 OPTIONS", with: "CSeq: 99999999999 OPTIONS")
        let error = try #require(throws: SIPParseError.self) { try SIPMessageParser().parse(datagram: Self.datagram(badCSeq)) }
        let response = try #require(error.badRequestResponse())
        #expect(response.status == 400 && response.reason == "Bad Request (number out of range in CSeq: 99999999999)")
        #expect(response.headers.map(\.name) == ["Via", "From", "To", "Call-ID", "CSeq"])
        #expect(response.headers.first(.cseq) == "99999999999 OPTIONS")

        let noVia = badCSeq.replacingOccurrences(of: "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKopt1\r\n", with: "")
        #expect(try #require(throws: SIPParseError.self) { try SIPMessageParser().parse(datagram: Self.datagram(noVia)) }.answer == .discard)

        let ack = badCSeq.replacingOccurrences(of: "OPTIONS", with: "ACK")
        #expect(try #require(throws: SIPParseError.self) { try SIPMessageParser().parse(datagram: Self.datagram(ack)) }.answer == .discard)
    }

    @Test func reasonPhraseIsPrintableASCII() {
        let error = SIPParseError(.malformedHeaderValue, header: "To", detail: "\u{0}é")
        #expect(error.reasonPhrase == "Bad Request (malformed To: ???)")
    }
}
