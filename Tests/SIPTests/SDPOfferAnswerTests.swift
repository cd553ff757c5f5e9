import Testing

@testable import SIP

/// Hold and resume as RFC 3264 §8.4 writes them, at session and media level, and the origin's
/// version as §8 asks.
@Suite struct SDPOfferAnswerTests {
    static func offer(session: String? = nil, audio: String? = nil, connection: String = "192.0.2.1") throws -> SDPSessionDescription {
        var lines = ["v=0", "o=- 7 7 IN IP4 192.0.2.1", "s=-", "c=IN IP4 \(connection)", "t=0 0"]
        if let session { lines.append("a=" + session) }
        lines += ["m=audio 49170 RTP/AVP 0 8", "a=rtpmap:0 PCMU/8000"]
        if let audio { lines.append("a=" + audio) }
        lines += ["m=video 0 RTP/AVP 31"]
        return try SDPSessionDescription(parsing: lines.joined(separator: "\r\n") + "\r\n")
    }

    @Test func directionDefaultsToSendrecv() throws {
        let offer = try Self.offer()
        #expect(offer.direction == nil && offer.media[0].direction == nil)
        #expect(offer.direction(of: offer.media[0]) == .sendrecv)
        #expect(!offer.isHold)
    }

    @Test(arguments: [SDPDirection.sendonly, .inactive]) func holdAtSessionLevel(_ direction: SDPDirection) throws {
        let offer = try Self.offer(session: direction.rawValue)
        #expect(offer.isHold && offer.isHold(offer.media[0]))
    }

    @Test(arguments: [SDPDirection.sendonly, .inactive]) func holdAtMediaLevel(_ direction: SDPDirection) throws {
        let offer = try Self.offer(audio: direction.rawValue)
        #expect(offer.isHold)
    }

    @Test func mediaLevelOverridesSessionLevel() throws {
        let resumedStream = try Self.offer(session: "sendonly", audio: "sendrecv")
        #expect(resumedStream.direction(of: resumedStream.media[0]) == .sendrecv)
        #expect(!resumedStream.isHold)
        let heldStream = try Self.offer(session: "sendrecv", audio: "inactive")
        #expect(heldStream.isHold)
    }

    @Test func recvonlyIsNotHold() throws {
        #expect(!(try Self.offer(audio: "recvonly")).isHold)
    }

    @Test func legacyHoldWithZeroAddress() throws {
        let offer = try Self.offer(connection: "0.0.0.0")
        #expect(offer.isHold)
        var mediaLevel = try Self.offer()
        mediaLevel.media[0].connection = SDPConnection(address: "0.0.0.0")
        #expect(mediaLevel.isHold)
        mediaLevel.media[0].connection = SDPConnection(address: "192.0.2.7")
        #expect(!mediaLevel.isHold)
    }

    @Test func noActiveStreamIsNotHold() throws {
        var offer = try Self.offer(audio: "sendonly")
        offer.media[0].port = 0
        #expect(!offer.isHold)
    }

    @Test func withDirectionWritesEveryStreamAndDropsTheSessionLevel() throws {
        let offer = try Self.offer(session: "recvonly", audio: "sendrecv")
        let hold = offer.withDirection(.sendonly)
        #expect(hold.direction == nil)
        #expect(hold.media.allSatisfy { $0.direction == .sendonly })
        #expect(hold.media[0].attributes == [SDPAttribute("rtpmap", "0 PCMU/8000"), SDPAttribute("sendonly")])
        #expect(hold.isHold)
        #expect(hold.origin == offer.origin)
        let resume = hold.withDirection(.sendrecv)
        #expect(!resume.isHold)
        #expect(try SDPSessionDescription(parsing: resume.text) == resume)
    }

    @Test func heldAndResumedFollowRFC3264() throws {
        let offer = try Self.offer(audio: "recvonly")
        var both = offer
        both.media[1].attributes = [SDPAttribute("sendrecv")]
        let held = both.held()
        #expect(held.media.map(\.direction) == [.inactive, .sendonly])
        #expect(held.resumed().media.map(\.direction) == [.recvonly, .sendrecv])
    }

    @Test func nextVersionNeverWraps() throws {
        let offer = try Self.offer()
        #expect(offer.withNextVersion()?.origin.sessionVersion == 8)
        var last = offer
        last.origin.sessionVersion = .max
        #expect(last.withNextVersion() == nil)
    }
}
