import NIOCore
import SIP
import Testing

@testable import Media

/// The session descriptions the relay hands on (issue 16 point 3): the relay's address and
/// ports instead of the writer's, everything else as it was.
@Suite struct RelaySDPTests {
    static func description(_ lines: [String]) throws -> SDPSessionDescription {
        try SDPSessionDescription(parsing: lines.joined(separator: "\r\n") + "\r\n")
    }

    @Test func streamsMoveToTheRelayAndKeepTheirCodecs() throws {
        let offer = try Self.description([
            "v=0", "o=phone 42 3 IN IP4 192.168.1.20", "s=-", "c=IN IP4 192.168.1.20", "t=0 0", "a=ice-lite",
            "m=audio 49170 RTP/AVP 8 0 18 101", "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-15", "a=rtcp:49999",
            "a=candidate:1 1 UDP 2130706431 192.168.1.20 49170 typ host", "a=rtcp-mux", "a=sendrecv",
            "m=video 0 RTP/AVP 96",
        ])
        let relayed = offer.relayed(host: "203.0.113.5", ports: [40_000, 40_002])
        #expect(
            relayed.text
                == [
                    "v=0", "o=phone 42 3 IN IP4 203.0.113.5", "s=-", "c=IN IP4 203.0.113.5", "t=0 0",
                    "m=audio 40000 RTP/AVP 8 0 18 101", "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-15", "a=sendrecv",
                    "a=rtcp:40001 IN IP4 203.0.113.5", "m=video 0 RTP/AVP 96", "",
                ].joined(separator: "\r\n"))
    }

    @Test func aLegacyHoldStaysAHold() throws {
        let hold = try Self.description(["v=0", "o=- 1 2 IN IP4 192.0.2.1", "s=-", "c=IN IP4 0.0.0.0", "t=0 0", "m=audio 5004 RTP/AVP 0"])
        let relayed = hold.relayed(host: "198.51.100.1", ports: [41_000])
        #expect(relayed.isHold, "RFC 3264 §8.4: the other side must still see c=0.0.0.0")
        #expect(relayed.media[0].port == 41_000)
        #expect(hold.relayTargets == [nil], "nothing is sent to 0.0.0.0")
    }

    @Test func aStreamBeyondTheRelaysPortsIsDeclined() throws {
        let offer = try Self.description([
            "v=0", "o=- 1 2 IN IP4 192.0.2.1", "s=-", "c=IN IP4 192.0.2.1", "t=0 0", "m=audio 5004 RTP/AVP 0", "m=video 5006 RTP/AVP 96",
        ])
        let relayed = offer.relayed(host: "198.51.100.1", ports: [41_000])
        #expect(relayed.media.map(\.port) == [41_000, 0])
    }

    @Test func targetsFollowConnectionAndRTCPAttribute() throws {
        let answer = try Self.description([
            "v=0", "o=- 1 2 IN IP4 192.0.2.1", "s=-", "c=IN IP4 192.0.2.1", "t=0 0", "m=audio 5004 RTP/AVP 0", "a=rtcp:6000",
            "m=audio 7000 RTP/AVP 0", "c=IN IP4 192.0.2.99", "m=audio 0 RTP/AVP 0",
        ])
        let targets = answer.relayTargets
        #expect(targets.count == 3)
        #expect(
            targets[0] == RelayTarget(rtp: try SocketAddress(ipAddress: "192.0.2.1", port: 5004), rtcp: try SocketAddress(ipAddress: "192.0.2.1", port: 6000)))
        #expect(
            targets[1] == RelayTarget(rtp: try SocketAddress(ipAddress: "192.0.2.99", port: 7000), rtcp: try SocketAddress(ipAddress: "192.0.2.99", port: 7001))
        )
        #expect(targets[2] == nil)
    }
}
