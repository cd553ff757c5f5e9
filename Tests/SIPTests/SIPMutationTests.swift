import NIOCore
import Testing

@testable import SIP

/// Every torture message cut short and with octets replaced by the grammar's delimiters: the
/// parser and the stream decoder must answer with a message or a `SIPParseError`, never trap.
/// A cheap, deterministic stand-in until the libFuzzer target of issue 15 runs in `ops/fuzz`;
/// it samples positions (every 5th cut, every 2nd octet) to stay a few seconds in a debug build
/// on a shared machine.
@Suite struct SIPMutationTests {
    static let replacements: [UInt8] = [
        0x00, .cr, .lf, .space, .tab, .quote, .lessThan, .greaterThan, .semicolon, .comma, .colon, .percent, .at, .openBracket, 0xFF,
    ]

    @Test(arguments: try TortureMessages.names())
    func truncatedAndAlteredMessagesNeverTrap(name: String) throws {
        let original = try TortureMessages.bytes(name)
        let parser = SIPMessageParser()
        for length in stride(from: 0, to: original.count, by: 5) {
            exercise(parser, Array(original[0..<length]))
        }
        for position in stride(from: 0, to: original.count, by: 2) {
            var altered = original
            altered[position] = Self.replacements[(position / 2) % Self.replacements.count]
            exercise(parser, altered)
        }
    }

    private func exercise(_ parser: SIPMessageParser, _ bytes: [UInt8]) {
        if let message = try? parser.parse(datagram: bytes) {
            _ = try? parser.parse(datagram: message.serialized())
        }
        var decoder = SIPMessageDecoder(parser: parser)
        var buffer = ByteBuffer(bytes: bytes)
        while (try? decoder.next(&buffer)) != nil {}
    }
}

/// A torture message framed from a stream is the message its datagram holds.
@Suite struct SIPStreamDatagramAgreementTests {
    @Test(arguments: try TortureMessages.names())
    func streamAndDatagramAgree(name: String) throws {
        let bytes = try TortureMessages.bytes(name)
        guard let message = try? SIPMessageParser().parse(datagram: bytes), message.headers.contains(.contentLength) else { return }
        var decoder = SIPMessageDecoder()
        var buffer = ByteBuffer(bytes: bytes)
        #expect(try decoder.next(&buffer) == .message(message))
    }
}
