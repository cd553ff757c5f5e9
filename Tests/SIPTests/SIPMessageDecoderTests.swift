import NIOCore
import NIOEmbedded
import Testing

@testable import SIP

@Suite struct SIPMessageDecoderTests {
    static func message(body: String = "", length: Int? = nil) -> String {
        "MESSAGE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/TCP 192.0.2.1;branch=z9hG4bKm\r\nMax-Forwards: 70\r\n"
            + "From: <sip:alice@example.com>;tag=a\r\nTo: <sip:bob@example.com>\r\nCall-ID: m1\r\nCSeq: 1 MESSAGE\r\n"
            + "Content-Length: \(length ?? body.utf8.count)\r\n\r\n" + body
    }

    @Test func framesMessagesOnContentLength() throws {
        var decoder = SIPMessageDecoder()
        var buffer = ByteBuffer(string: Self.message(body: "hello") + Self.message(body: "again"))
        let first = try decoder.next(&buffer)
        let second = try decoder.next(&buffer)
        guard case .message(let one) = first, case .message(let two) = second else { throw Failure("expected two messages") }
        #expect(one.body == ByteBuffer(string: "hello") && two.body == ByteBuffer(string: "again"))
        #expect(try decoder.next(&buffer) == nil)
    }

    @Test func waitsForABodyThatHasNotArrived() throws {
        var decoder = SIPMessageDecoder()
        let text = Self.message(body: "0123456789")
        var buffer = ByteBuffer(string: String(text.dropLast(4)))
        #expect(try decoder.next(&buffer) == nil)
        buffer.writeString(String(text.suffix(4)))
        guard case .message(let message) = try decoder.next(&buffer) else { throw Failure("expected a message") }
        #expect(message.body == ByteBuffer(string: "0123456789") && buffer.readableBytes == 0)
    }

    @Test func keepAlivesArePingsAndPongs() throws {
        var decoder = SIPMessageDecoder()
        var buffer = ByteBuffer(string: "\r\n\r\n" + "\r\n" + Self.message())
        #expect(try decoder.next(&buffer) == .keepAlivePing)
        #expect(try decoder.next(&buffer) == .keepAlivePong)
        guard case .message = try decoder.next(&buffer) else { throw Failure("expected a message") }
        var split = ByteBuffer(string: "\r\n\r")
        #expect(try decoder.next(&split) == nil)
    }

    @Test func aMissingOrUnboundedLengthBreaksTheStream() {
        var decoder = SIPMessageDecoder()
        var noLength = ByteBuffer(string: Self.message().replacingOccurrences(of: "Content-Length: 0\r\n", with: ""))
        #expect(throws: SIPParseError.self) { try decoder.next(&noLength) }

        var bounded = SIPMessageDecoder(parser: SIPMessageParser(limits: .init(maximumMessageSize: 4_096)))
        var huge = ByteBuffer(string: Self.message(length: 10_000))
        let error = #expect(throws: SIPParseError.self) { try bounded.next(&huge) }
        #expect(error?.rule == .messageTooLarge && error?.canAnswerWithBadRequest == true)

        var endlessHead = ByteBuffer(string: "MESSAGE sip:bob@example.com SIP/2.0\r\n" + String(repeating: "X-Pad: 0123456789\r\n", count: 300))
        #expect(throws: SIPParseError.self) { try bounded.next(&endlessHead) }
    }

    @Test func aFramedButMalformedMessageIsReportedAndTheStreamReadsOn() throws {
        var decoder = SIPMessageDecoder()
        var buffer = ByteBuffer(string: Self.message().replacingOccurrences(of: "CSeq: 1 MESSAGE", with: "CSeq: 1 INVITE") + Self.message())
        guard case .malformed(let error) = try decoder.next(&buffer) else { throw Failure("expected a malformed event") }
        #expect(error.rule == .cseqMethodMismatch && error.canAnswerWithBadRequest)
        guard case .message = try decoder.next(&buffer) else { throw Failure("expected the next message") }
    }

    @Test func worksAsAChannelHandler() throws {
        let channel = EmbeddedChannel(handlers: [ByteToMessageHandler(SIPMessageDecoder()), MessageToByteHandler(SIPMessageEncoder())])
        let text = Self.message(body: "hi")
        try channel.writeInbound(ByteBuffer(string: "\r\n\r\n" + String(text.prefix(20))))
        try channel.writeInbound(ByteBuffer(string: String(text.dropFirst(20))))
        #expect(try channel.readInbound(as: SIPStreamEvent.self) == .keepAlivePing)
        guard case .message(let message) = try channel.readInbound(as: SIPStreamEvent.self) else { throw Failure("expected a message") }
        try channel.writeOutbound(message)
        #expect(try channel.readOutbound(as: ByteBuffer.self) == ByteBuffer(string: text))
        #expect(try channel.finish().isClean)
    }
}

/// The torture messages over a stream, where Content-Length frames them (RFC 4475 §3.1.1.8,
/// §3.1.2.2).
@Suite struct SIPStreamTortureTests {
    @Test func twoMessagesInOneReadAreBothFramed() throws {
        var decoder = SIPMessageDecoder()
        var buffer = ByteBuffer(bytes: try TortureMessages.bytes("dblreq"))
        guard case .message(.request(let register)) = try decoder.next(&buffer) else { throw Failure("expected the REGISTER") }
        #expect(register.method == .register)
        #expect(try decoder.next(&buffer) == .keepAlivePong)
        guard case .message(.request(let invite)) = try decoder.next(&buffer) else { throw Failure("expected the INVITE") }
        #expect(invite.method == .invite && invite.body.readableBytes == 150)
    }

    @Test func aLongerDeclaredBodyIsWaitedFor() throws {
        var decoder = SIPMessageDecoder()
        var buffer = ByteBuffer(bytes: try TortureMessages.bytes("clerr"))
        #expect(try decoder.next(&buffer) == nil)
        buffer.writeString(String(repeating: "x", count: 9_999))
        guard case .message(let message) = try decoder.next(&buffer) else { throw Failure("expected the message once complete") }
        #expect(message.body.readableBytes == 9_999)
    }
}

@Suite struct SIPMessageDecoderDribbleTests {
    /// A head that arrives one octet per read is found once complete, neither earlier nor later.
    @Test func aHeadArrivingOctetByOctetIsFramedOnce() throws {
        var decoder = SIPMessageDecoder()
        let text = Array(SIPMessageDecoderTests.message(body: "x").utf8)
        var buffer = ByteBuffer()
        var events: [SIPStreamEvent] = []
        for byte in text {
            buffer.writeInteger(byte)
            if let event = try decoder.next(&buffer) { events.append(event) }
        }
        #expect(events.count == 1)
        guard case .message(let message) = events.first else { throw Failure("expected the message") }
        #expect(message.body == ByteBuffer(string: "x"))
    }
}
