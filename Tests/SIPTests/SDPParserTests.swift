import Testing

@testable import SIP

/// RFC 4566 §5's example, the SDP bodies of the RFC 4475 torture messages, and the canonical
/// writer's round trips.
@Suite struct SDPParserTests {
    static let rfc4566Example = [
        "v=0",
        "o=jdoe 2890844526 2890842807 IN IP4 10.47.16.5",
        "s=SDP Seminar",
        "i=A Seminar on the session description protocol",
        "u=http://www.example.com/seminars/sdp.pdf",
        "e=j.doe@example.com (Jane Doe)",
        "c=IN IP4 224.2.17.12/127",
        "t=2873397496 2873404696",
        "a=recvonly",
        "m=audio 49170 RTP/AVP 0",
        "m=video 51372 RTP/AVP 99",
        "a=rtpmap:99 h263-1998/90000",
    ]

    @Test func rfc4566Example() throws {
        let text = Self.rfc4566Example.map { $0 + "\r\n" }.joined()
        let description = try SDPSessionDescription(parsing: text)
        #expect(
            description.origin
                == SDPOrigin(username: "jdoe", sessionID: 2_890_844_526, sessionVersion: 2_890_842_807, address: "10.47.16.5"))
        #expect(description.sessionName == "SDP Seminar")
        #expect(description.information == "A Seminar on the session description protocol")
        #expect(description.uri == "http://www.example.com/seminars/sdp.pdf")
        #expect(description.emails == ["j.doe@example.com (Jane Doe)"])
        #expect(description.connection == SDPConnection(address: "224.2.17.12", multicast: "127"))
        #expect(description.timings == [SDPTiming(start: 2_873_397_496, stop: 2_873_404_696)])
        #expect(description.direction == .recvonly)
        #expect(description.media.map(\.media) == ["audio", "video"])
        #expect(description.media[0].port == 49170 && description.media[0].proto == "RTP/AVP" && description.media[0].formats == ["0"])
        #expect(try description.media[1].rtpMap(for: 99) == SDPRTPMap(payloadType: 99, encoding: "h263-1998", clockRate: 90000))
        #expect(description.direction(of: description.media[1]) == .recvonly)
        #expect(description.text == text)
    }

    @Test func bareLineFeedsAreAcceptedAndWrittenAsCRLF() throws {
        let withLF = try SDPSessionDescription(parsing: Self.rfc4566Example.joined(separator: "\n") + "\n")
        let withoutFinalEnd = try SDPSessionDescription(parsing: Self.rfc4566Example.joined(separator: "\n"))
        let withCRLF = try SDPSessionDescription(parsing: Self.rfc4566Example.map { $0 + "\r\n" }.joined())
        #expect(withLF == withCRLF && withoutFinalEnd == withCRLF)
        #expect(withLF.text == withCRLF.text)
    }

    /// The RFC 4475 messages that carry an SDP body. Their `a=rtpmap:31 LPC` has no clock rate,
    /// which RFC 4566 §6 requires: the description parses (the attribute is kept as text) and
    /// only the typed accessor refuses it. `mismatch02` has neither `s=` nor `t=`.
    static let tortureBodies = [
        "baddate", "badinv01", "bcast", "clerr", "esc01", "escruri", "insuf", "inv2543", "longreq", "ltgtruri", "lwsruri", "lwsstart",
        "multi01", "ncl", "quotbal", "sdp01", "unreason", "wsinv",
    ]

    static func body(_ name: String) throws -> [UInt8] {
        let bytes = try TortureMessages.bytes(name)
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        let start = try #require(bytes.indices.first { bytes[$0...].starts(with: separator) })
        return Array(bytes[(start + 4)...])
    }

    @Test(arguments: tortureBodies) func tortureBody(_ name: String) throws {
        let body = try Self.body(name)
        let description = try SDPSessionDescription(parsing: body)
        #expect(description.origin.username == "mhandley" && description.origin.sessionID == 29739 && description.origin.sessionVersion == 7_272_939)
        #expect(description.sessionName == "-")
        #expect(description.connection?.addressType == "IP4")
        #expect(description.media.first?.port == 49217)
        #expect(description.media.allSatisfy { description.direction(of: $0) == .sendrecv })
        #expect(!description.isHold)
        if description.media.count > 1 {
            #expect(description.media[1].formats == ["31"])
            #expect(throws: SDPParseError(.malformedField, detail: "a=rtpmap:31 LPC")) { try description.media[1].rtpMap(for: 31) }
        }
        var expected = body
        while expected.suffix(4) == Array("\r\n\r\n".utf8) { expected.removeLast(2) }
        #expect(Array(description.text.utf8) == expected)
    }

    @Test func tortureBodyWithoutSessionNameIsRefused() throws {
        #expect(throws: SDPParseError(.missingLine, line: 3, detail: "s=")) { try SDPSessionDescription(parsing: try Self.body("mismatch02")) }
    }

    /// Every truncation of a body and every octet of it replaced by a few hostile ones either
    /// parses or throws (a crash fails the run), and what parses writes back to an equal value.
    @Test func truncatedAndCorruptedBodiesNeverCrash() throws {
        let body = Array((Self.rfc4566Example.map { $0 + "\r\n" }.joined() + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:x\r\n").utf8)
        var inputs = (0...body.count).map { Array(body[..<$0]) }
        for index in body.indices {
            for octet: UInt8 in [0x00, 0x0A, 0x0D, 0x20, 0x2F, 0x3A, 0x3D, 0x39, 0xFF] {
                var corrupted = body
                corrupted[index] = octet
                inputs.append(corrupted)
            }
        }
        for input in inputs {
            guard let description = try? SDPSessionDescription(parsing: input) else { continue }
            #expect(try SDPSessionDescription(parsing: description.text) == description)
            for media in description.media {
                _ = try? media.rtpMaps
                _ = try? media.cryptos
                _ = try? media.packetTime
            }
        }
    }

    @Test func everyFieldRoundTrips() throws {
        let description = SDPSessionDescription(
            origin: SDPOrigin(username: "callplane", sessionID: .max, sessionVersion: 0, addressType: "IP6", address: "2001:db8::1"),
            sessionName: " ", information: "a call", uri: "https://example.com/call", emails: ["a@example.com", "b@example.com"],
            phones: ["+1 617 555-6011"], connection: SDPConnection(addressType: "IP6", address: "ff15::101", multicast: "3"),
            bandwidths: [SDPBandwidth(type: "CT", value: 128), SDPBandwidth(type: "TIAS", value: 64000)],
            timings: [SDPTiming(start: 3_034_423_619, stop: 3_042_462_419, repeats: ["604800 3600 0 90000"]), SDPTiming(start: 0, stop: 0)],
            timeZones: "2882844526 -1h 2898848070 0", encryptionKey: "prompt",
            attributes: [SDPAttribute("group", "BUNDLE audio"), SDPAttribute("sendonly"), SDPAttribute("tool", "")],
            media: [
                SDPMediaDescription(
                    media: "audio", port: 65535, portCount: 2, proto: "RTP/SAVP", formats: ["0", "8", "96", "101"], information: "voice",
                    connection: SDPConnection(address: "192.0.2.10"), bandwidths: [SDPBandwidth(type: "AS", value: 64)], encryptionKey: "clear:x",
                    attributes: [
                        SDPAttribute("rtpmap", "96 opus/48000/2"), SDPAttribute("fmtp", "96 useinbandfec=1; stereo=0"),
                        SDPAttribute("rtpmap", "101 telephone-event/8000"), SDPAttribute("fmtp", "101 0-16"), SDPAttribute("ptime", "20"),
                        SDPAttribute("rtcp", "53001 IN IP4 192.0.2.11"), SDPAttribute("recvonly"),
                        SDPAttribute("crypto", "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32 KDR=1"),
                    ]),
                SDPMediaDescription(media: "video", port: 0, proto: "UDP/TLS/RTP/SAVPF", formats: ["97"]),
                SDPMediaDescription(media: "application", port: 9, proto: "UDP/DTLS/SCTP", formats: ["webrtc-datachannel"]),
            ])
        let text = description.text
        let parsed = try SDPSessionDescription(parsing: text)
        #expect(parsed == description)
        #expect(parsed.text == text)

        let audio = parsed.media[0]
        #expect(try audio.rtpMaps.count == 2)
        #expect(try audio.rtpMap(for: 96) == SDPRTPMap(payloadType: 96, encoding: "opus", clockRate: 48000, channels: 2))
        #expect(try audio.rtpMap(for: 0) == nil)
        #expect(audio.formatParameters(for: "96") == "useinbandfec=1; stereo=0")
        #expect(audio.formatParameters(for: "101") == "0-16")
        #expect(audio.formatParameters(for: "8") == nil)
        #expect(try audio.packetTime == 20)
        #expect(try audio.rtcp == SDPRTCP(port: 53001, address: "IN IP4 192.0.2.11"))
        #expect(
            try audio.cryptos == [
                SDPCrypto(
                    tag: 1, suite: "AES_CM_128_HMAC_SHA1_80", keyParameters: "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32",
                    sessionParameters: ["KDR=1"])
            ])
        #expect(parsed.direction(of: audio) == .recvonly)
        #expect(parsed.direction(of: parsed.media[1]) == .sendonly)
        #expect(!parsed.media[2].isRTP)
    }
}
