import Testing

@testable import SIP

/// One test per refusal rule of the SDP parser and its typed accessors: each input is valid but
/// for the one rule it breaks, so dropping the rule makes its test fail.
@Suite struct SDPRefusalTests {
    static let valid = [
        "v=0",
        "o=- 1 1 IN IP4 192.0.2.1",
        "s=-",
        "c=IN IP4 192.0.2.1",
        "t=0 0",
        "m=audio 49170 RTP/AVP 0",
    ]

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let lines: [String]
        let error: SDPParseError
        var testDescription: String { name }
    }

    static func replacing(_ index: Int, with line: String) -> [String] {
        var lines = valid
        lines[index] = line
        return lines
    }

    static func inserting(_ line: String, at index: Int) -> [String] {
        var lines = valid
        lines.insert(line, at: index)
        return lines
    }

    static let cases: [Case] = [
        Case(name: "missing v=", lines: Array(valid.dropFirst()), error: SDPParseError(.missingLine, line: 1, detail: "v=")),
        Case(name: "version 1", lines: replacing(0, with: "v=1"), error: SDPParseError(.unsupportedVersion, line: 1, detail: "v=1")),
        Case(
            name: "missing o=", lines: Array(valid[0...0] + valid[2...]), error: SDPParseError(.missingLine, line: 2, detail: "o=")),
        Case(name: "missing s=", lines: Array(valid[0...1] + valid[3...]), error: SDPParseError(.missingLine, line: 3, detail: "s=")),
        Case(name: "missing t=", lines: Array(valid[0...3] + valid[5...]), error: SDPParseError(.missingLine, line: 5, detail: "t=")),
        Case(
            name: "missing t= without media", lines: Array(valid[0...3]), error: SDPParseError(.missingLine, line: 5, detail: "t=")),
        Case(
            name: "c= after t=", lines: [valid[0], valid[1], valid[2], valid[4], valid[3], valid[5]],
            error: SDPParseError(.lineOutOfOrder, line: 5, detail: "c=IN IP4 192.0.2.1")),
        Case(
            name: "o= twice", lines: inserting("o=- 2 2 IN IP4 192.0.2.2", at: 2),
            error: SDPParseError(.lineOutOfOrder, line: 3, detail: "o=- 2 2 IN IP4 192.0.2.2")),
        Case(name: "r= without t=", lines: inserting("r=7d 1h 0 25h", at: 4), error: SDPParseError(.lineOutOfOrder, line: 5, detail: "r=7d 1h 0 25h")),
        Case(name: "session line in a media section", lines: valid + ["t=0 0"], error: SDPParseError(.lineOutOfOrder, line: 7, detail: "t=0 0")),
        Case(
            name: "c= after a= in a media section", lines: valid + ["a=sendonly", "c=IN IP4 192.0.2.9"],
            error: SDPParseError(.lineOutOfOrder, line: 8, detail: "c=IN IP4 192.0.2.9")),
        Case(name: "unknown type letter", lines: inserting("x=1", at: 4), error: SDPParseError(.unknownLineType, line: 5, detail: "x=")),
        Case(name: "unknown type letter in media", lines: valid + ["y=2"], error: SDPParseError(.unknownLineType, line: 7, detail: "y=")),
        Case(name: "upper-case type", lines: replacing(0, with: "V=0"), error: SDPParseError(.malformedLine, line: 1, detail: "not <type>=<value>")),
        Case(name: "space before =", lines: replacing(2, with: "s =-"), error: SDPParseError(.malformedLine, line: 3, detail: "not <type>=<value>")),
        Case(name: "empty line inside", lines: inserting("", at: 3), error: SDPParseError(.malformedLine, line: 4, detail: "empty line")),
        Case(name: "NUL in a value", lines: replacing(2, with: "s=a\u{0}b"), error: SDPParseError(.malformedLine, line: 3, detail: "NUL, CR or invalid UTF-8")),
        Case(name: "empty s=", lines: replacing(2, with: "s="), error: SDPParseError(.malformedField, line: 3, detail: "s=")),
        Case(
            name: "origin with five fields", lines: replacing(1, with: "o=1 1 IN IP4 192.0.2.1"),
            error: SDPParseError(.malformedField, line: 2, detail: "o=1 1 IN IP4 192.0.2.1")),
        Case(
            name: "double space in origin", lines: replacing(1, with: "o=-  1 1 IN IP4 192.0.2.1"),
            error: SDPParseError(.malformedField, line: 2, detail: "o=-  1 1 IN IP4 192.0.2.1")),
        Case(
            name: "origin session id over 2^64-1", lines: replacing(1, with: "o=- 18446744073709551616 1 IN IP4 192.0.2.1"),
            error: SDPParseError(.numberOutOfRange, line: 2, detail: "o=- 18446744073709551616 1 IN IP4 192.0.2.1")),
        Case(
            name: "origin session version over 2^64-1", lines: replacing(1, with: "o=- 1 99999999999999999999 IN IP4 192.0.2.1"),
            error: SDPParseError(.numberOutOfRange, line: 2, detail: "o=- 1 99999999999999999999 IN IP4 192.0.2.1")),
        Case(
            name: "negative session id", lines: replacing(1, with: "o=- -1 1 IN IP4 192.0.2.1"),
            error: SDPParseError(.malformedField, line: 2, detail: "o=- -1 1 IN IP4 192.0.2.1")),
        Case(
            name: "stop time over 2^64-1", lines: replacing(4, with: "t=0 18446744073709551616"),
            error: SDPParseError(.numberOutOfRange, line: 5, detail: "t=0 18446744073709551616")),
        Case(
            name: "bandwidth without type", lines: inserting("b=:64", at: 4), error: SDPParseError(.malformedField, line: 5, detail: "b=:64")),
        Case(
            name: "port 65536", lines: replacing(5, with: "m=audio 65536 RTP/AVP 0"),
            error: SDPParseError(.numberOutOfRange, line: 6, detail: "m=audio 65536 RTP/AVP 0")),
        Case(
            name: "port count 65536", lines: replacing(5, with: "m=audio 49170/65536 RTP/AVP 0"),
            error: SDPParseError(.numberOutOfRange, line: 6, detail: "m=audio 49170/65536 RTP/AVP 0")),
        Case(
            name: "RTP payload type 128", lines: replacing(5, with: "m=audio 49170 RTP/AVP 0 128"),
            error: SDPParseError(.numberOutOfRange, line: 6, detail: "m=audio 49170 RTP/AVP 0 128")),
        Case(
            name: "RTP format not a number", lines: replacing(5, with: "m=audio 49170 RTP/AVP PCMU"),
            error: SDPParseError(.malformedField, line: 6, detail: "m=audio 49170 RTP/AVP PCMU")),
        Case(
            name: "media without formats", lines: replacing(5, with: "m=audio 49170 RTP/AVP"),
            error: SDPParseError(.malformedField, line: 6, detail: "m=audio 49170 RTP/AVP")),
        Case(
            name: "connection without address", lines: replacing(3, with: "c=IN IP4"),
            error: SDPParseError(.malformedField, line: 4, detail: "c=IN IP4")),
        Case(name: "attribute without name", lines: valid + ["a=:x"], error: SDPParseError(.malformedField, line: 7, detail: "a=:x")),
        Case(
            name: "no connection for media", lines: Array(valid[0...2] + valid[4...]),
            error: SDPParseError(.missingConnection, line: 5, detail: "m=audio 49170 RTP/AVP 0")),
    ]

    @Test(arguments: cases) func refused(_ refusal: Case) {
        #expect(throws: refusal.error) { try SDPSessionDescription(parsing: refusal.lines.map { $0 + "\r\n" }.joined()) }
    }

    @Test func theValidBaseParses() throws {
        let text = Self.valid.map { $0 + "\r\n" }.joined()
        #expect(try SDPSessionDescription(parsing: text).text == text)
        let largest = try SDPSessionDescription(
            parsing: Self.replacing(1, with: "o=- 18446744073709551615 18446744073709551615 IN IP4 192.0.2.1").joined(separator: "\n"))
        #expect(largest.origin.sessionID == .max && largest.origin.sessionVersion == .max)
        #expect(try SDPSessionDescription(parsing: Self.replacing(5, with: "m=audio 65535 RTP/AVP 127").joined(separator: "\n")).media[0].formats == ["127"])
    }

    @Test func limits() {
        let limits = SDPSessionDescription.Limits(maximumSize: 200, maximumLineCount: 8, maximumMediaCount: 2)
        let twoMedia = (Self.valid + [Self.valid[5]]).joined(separator: "\r\n")
        #expect(throws: Never.self) { try SDPSessionDescription(parsing: twoMedia, limits: limits) }
        #expect(throws: SDPParseError(.tooManyMediaDescriptions, line: 8, detail: "more than 2")) {
            try SDPSessionDescription(parsing: (Self.valid + [Self.valid[5], Self.valid[5]]).joined(separator: "\r\n"), limits: limits)
        }
        #expect(throws: SDPParseError(.tooManyLines, line: 9, detail: "more than 8")) {
            try SDPSessionDescription(parsing: (Self.valid + ["a=x", "a=y", "a=z"]).joined(separator: "\r\n"), limits: limits)
        }
        let large = Self.replacing(2, with: "s=" + String(repeating: "x", count: 200)).joined(separator: "\r\n")
        #expect(throws: SDPParseError(.tooLarge, detail: "\(large.utf8.count) octets")) { try SDPSessionDescription(parsing: large, limits: limits) }
    }

    @Test func typedAccessorsRefuseWhatIsOutOfRange() throws {
        let media = SDPMediaDescription(
            media: "audio", port: 4000, formats: ["0"],
            attributes: [
                SDPAttribute("rtpmap", "128 PCMU/8000"), SDPAttribute("ptime", "22.5"), SDPAttribute("rtcp", "65536"),
                SDPAttribute("crypto", "1234567890 AES_CM_128_HMAC_SHA1_80 inline:x"),
            ])
        #expect(throws: SDPParseError(.numberOutOfRange, detail: "a=rtpmap:128 PCMU/8000")) { try media.rtpMaps }
        #expect(throws: SDPParseError(.malformedField, detail: "a=ptime:22.5")) { try media.packetTime }
        #expect(throws: SDPParseError(.numberOutOfRange, detail: "a=rtcp:65536")) { try media.rtcp }
        #expect(throws: SDPParseError(.malformedField, detail: "a=crypto:1234567890 AES_CM_128_HMAC_SHA1_80 inline:x")) { try media.cryptos }
        let noClockRate = SDPMediaDescription(media: "audio", port: 4000, formats: ["0"], attributes: [SDPAttribute("rtpmap", "0 PCMU")])
        #expect(throws: SDPParseError(.malformedField, detail: "a=rtpmap:0 PCMU")) { try noClockRate.rtpMaps }
    }
}
