import NIOCore
import SIP
import Testing

@testable import Media

/// The answer to a phone's offer when the system answers the call to play a tone (RFC 3264 §6).
@Suite struct ToneSDPAnswerTests {
    static func offer(_ media: [String], connection: String = "IN IP4 192.0.2.10") throws -> SDPSessionDescription {
        let lines = ["v=0", "o=phone 42 1 IN IP4 192.0.2.10", "s=-", "c=\(connection)", "t=0 0"] + media
        return try SDPSessionDescription(parsing: lines.joined(separator: "\r\n") + "\r\n")
    }

    @Test func pcmuWhenTheOfferListsItFirst() throws {
        let offer = try Self.offer([
            "m=audio 49170 RTP/AVP 0 8 101", "a=rtpmap:0 PCMU/8000", "a=rtpmap:8 PCMA/8000", "a=rtpmap:101 telephone-event/8000",
        ])
        let answer = try ToneSDPAnswer(offer: offer)
        #expect(answer.law == .muLaw && answer.payloadType == 0 && answer.mediaIndex == 0)
        #expect(answer.remoteAddress == (try SocketAddress(ipAddress: "192.0.2.10", port: 49170)))
        #expect(answer.sendsTone)
        let text = answer.answer(address: "198.51.100.1", port: 40_000, sessionID: 7).text
        #expect(
            text
                == "v=0\r\no=- 7 0 IN IP4 198.51.100.1\r\ns=-\r\nc=IN IP4 198.51.100.1\r\nt=0 0\r\n"
                + "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=ptime:20\r\na=sendonly\r\n")
        #expect(try SDPSessionDescription(parsing: text) == answer.answer(address: "198.51.100.1", port: 40_000, sessionID: 7))
    }

    @Test func pcmaWhenTheOfferPrefersIt() throws {
        let answer = try ToneSDPAnswer(offer: try Self.offer(["m=audio 49170 RTP/AVP 8 0"]))
        #expect(answer.law == .aLaw && answer.payloadType == 8)
    }

    @Test func pcmaOnly() throws {
        let answer = try ToneSDPAnswer(offer: try Self.offer(["m=audio 5004 RTP/AVP 9 8 101", "a=rtpmap:101 telephone-event/8000"]))
        #expect(answer.law == .aLaw && answer.payloadType == 8)
        #expect(answer.answer(address: "198.51.100.1", port: 40_002, sessionID: 1).media[0].formats == ["8"])
    }

    @Test func neitherIs488WithWarning305() throws {
        let offer = try Self.offer(["m=audio 5004 RTP/AVP 9 18 101", "a=rtpmap:9 G722/8000", "a=rtpmap:18 G729/8000"])
        #expect(throws: ToneSDPAnswerError.noG711) { try ToneSDPAnswer(offer: offer) }
        #expect(ToneSDPAnswerError.noG711.status == 488 && ToneSDPAnswerError.noG711.warningCode == 305)
    }

    @Test func aDynamicPayloadTypeNamedPCMUIsKeptUnderItsNumber() throws {
        let answer = try ToneSDPAnswer(offer: try Self.offer(["m=audio 5004 RTP/AVP 96", "a=rtpmap:96 PCMU/8000"]))
        #expect(answer.law == .muLaw && answer.payloadType == 96)
        #expect(answer.answer(address: "198.51.100.1", port: 40_000, sessionID: 1).media[0].attributes.first == SDPAttribute("rtpmap", "96 PCMU/8000"))
    }

    @Test func aMalformedRtpmapMakesOnlyItsFormatUnusable() throws {
        let answer = try ToneSDPAnswer(offer: try Self.offer(["m=audio 5004 RTP/AVP 0 8", "a=rtpmap:0 PCMU", "a=rtpmap:8 PCMA/8000"]))
        #expect(answer.law == .aLaw)
    }

    /// RFC 3264 §6: one answer line per offered line, in order; the unused ones at port 0.
    @Test func otherStreamsAreRefusedInPlace() throws {
        let offer = try Self.offer([
            "m=video 51372 RTP/AVP 31", "m=audio 0 RTP/AVP 0", "m=audio 49170 RTP/SAVP 0", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:x",
            "m=audio 49172 RTP/AVP 0", "m=audio 49174 RTP/AVP 8",
        ])
        let answer = try ToneSDPAnswer(offer: offer)
        #expect(answer.mediaIndex == 3 && answer.remoteAddress.port == 49172)
        let media = answer.answer(address: "198.51.100.1", port: 40_000, sessionID: 1).media
        #expect(media.map(\.port) == [0, 0, 0, 40_000, 0])
        #expect(media.map(\.media) == ["video", "audio", "audio", "audio", "audio"])
        #expect(media[0].formats == ["31"] && media[2].proto == "RTP/SAVP")
    }

    @Test func noUsableAudioStreamIs488WithWarning304() throws {
        let offers = [
            try Self.offer(["m=video 51372 RTP/AVP 31"]),
            try Self.offer(["m=audio 0 RTP/AVP 0"]),
            try Self.offer(["m=audio 49170 RTP/SAVP 0", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:x"]),
        ]
        for offer in offers {
            #expect(throws: ToneSDPAnswerError.noAudioStream) { try ToneSDPAnswer(offer: offer) }
        }
        #expect(ToneSDPAnswerError.noAudioStream.warningCode == 304)
    }

    /// §6.1: a held stream (sendonly, inactive or c=0.0.0.0) gets `inactive`, and no tone.
    @Test(arguments: ["a=sendonly", "a=inactive", nil]) func aHeldStreamIsAnsweredInactive(_ attribute: String?) throws {
        let offer = try Self.offer(
            ["m=audio 49170 RTP/AVP 0"] + (attribute.map { [$0] } ?? []), connection: attribute == nil ? "IN IP4 0.0.0.0" : "IN IP4 192.0.2.10")
        let answer = try ToneSDPAnswer(offer: offer)
        #expect(answer.direction == .inactive && !answer.sendsTone)
        #expect(answer.answer(address: "198.51.100.1", port: 40_000, sessionID: 1).media[0].direction == .inactive)
    }

    @Test func recvonlyIsAnsweredSendonly() throws {
        #expect(try ToneSDPAnswer(offer: try Self.offer(["m=audio 49170 RTP/AVP 0", "a=recvonly"])).direction == .sendonly)
    }

    @Test func ipv6() throws {
        let answer = try ToneSDPAnswer(offer: try Self.offer(["m=audio 49170 RTP/AVP 0"], connection: "IN IP6 2001:db8::10"))
        #expect(answer.remoteAddress == (try SocketAddress(ipAddress: "2001:db8::10", port: 49170)))
        let description = answer.answer(address: "2001:db8::1", port: 40_000, sessionID: 1)
        #expect(description.connection == SDPConnection(addressType: "IP6", address: "2001:db8::1") && description.origin.addressType == "IP6")
    }

    @Test func aNamedConnectionAddressIsRefused() throws {
        let offer = try Self.offer(["m=audio 49170 RTP/AVP 0"], connection: "IN IP4 phone.example.com")
        #expect(throws: ToneSDPAnswerError.connectionAddressNotLiteral("phone.example.com")) { try ToneSDPAnswer(offer: offer) }
    }
}
