import NIOCore
import NIOPosix
import SIP
import Synchronization
import Testing

@testable import Media

/// The media relay against real UDP sockets on 127.0.0.1 (issue 16 point 3): what two phones
/// see when their media goes through it.
@Suite(.serialized) struct RTPRelayTests {
    /// A range of its own per test, away from the other suites' ports.
    static func relay(ports: ClosedRange<Int>, sessions: Int = 10) -> RTPRelay {
        RTPRelay(host: "127.0.0.1", ports: ports, sessionLimit: sessions)
    }

    static func sdp(port: UInt16) throws -> SDPSessionDescription {
        try SDPSessionDescription(
            parsing: ["v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "c=IN IP4 127.0.0.1", "t=0 0", "m=audio \(port) RTP/AVP 0", ""].joined(separator: "\r\n"))
    }

    /// A G.711 RTP packet (a 12-octet header and 20 ms of samples, 172 octets in all) of
    /// payload type 0 with `sequence`, and a payload that names it.
    static func rtp(_ sequence: UInt16, _ marker: UInt8 = 0xAB) -> [UInt8] {
        [0x80, 0x00, UInt8(sequence >> 8), UInt8(sequence & 0xFF), 0, 0, 0, 0, 0, 0, 0, 1, marker, UInt8(sequence & 0xFF)]
            + (0..<158).map { UInt8(truncatingIfNeeded: $0) }
    }

    @Test func mediaFlowsBothWaysThroughTheRelaysPorts() async throws {
        let relay = Self.relay(ports: 42_000...42_099)
        let session = try await relay.open(streams: 1)
        let caller = try UDPTestSocket()
        let callee = try UDPTestSocket()
        let towardsCallee = session.relay(try Self.sdp(port: caller.port), from: .caller, isOffer: true)
        let towardsCaller = session.relay(try Self.sdp(port: callee.port), from: .callee, isOffer: false)
        let callerFacing = session.ports(facing: .caller)[0]
        let calleeFacing = session.ports(facing: .callee)[0]
        #expect(towardsCallee.media[0].port == calleeFacing && towardsCaller.media[0].port == callerFacing)
        #expect(callerFacing != calleeFacing && callerFacing % 2 == 0 && calleeFacing % 2 == 0)
        #expect(relay.openSessions == 1)

        try await Task.sleep(for: .milliseconds(50))
        caller.send(Self.rtp(1), to: callerFacing)
        let atCallee = try #require(callee.receive())
        #expect(atCallee.bytes == Self.rtp(1) && atCallee.from == calleeFacing, "the callee sees the packet come from the relay's port it announced")
        callee.send(Self.rtp(7, 0xCD), to: calleeFacing)
        let atCaller = try #require(caller.receive())
        #expect(atCaller.bytes == Self.rtp(7, 0xCD) && atCaller.from == callerFacing)

        // RTCP goes between the odd ports, to the RTP port plus one.
        let callerRTCP = try UDPTestSocket(port: caller.port + 1)
        let calleeRTCP = try UDPTestSocket(port: callee.port + 1)
        callerRTCP.send([0x81, 0xC8, 0, 1], to: callerFacing + 1)
        #expect(calleeRTCP.receive()?.bytes == [0x81, 0xC8, 0, 1])

        let statistics = await session.close()
        #expect(statistics.packetsFromCaller == 1 && statistics.packetsFromCallee == 1 && statistics.rtcpPackets == 1)
        #expect(relay.openSessions == 0)
        #expect(relay.counters.packetsRelayed == 3)
        caller.send(Self.rtp(2), to: callerFacing)
        #expect(callee.receive() == nil, "a closed session forwards nothing")
    }

    @Test func latchesOntoTheSourceOfTheFirstPacket() async throws {
        let relay = Self.relay(ports: 42_100...42_199)
        let session = try await relay.open(streams: 1)
        let caller = try UDPTestSocket()
        let callee = try UDPTestSocket()
        _ = session.relay(try Self.sdp(port: caller.port), from: .caller, isOffer: true)
        // The callee is behind NAT: it announces a private port nobody listens on.
        _ = session.relay(try Self.sdp(port: 9), from: .callee, isOffer: false)
        try await Task.sleep(for: .milliseconds(50))
        let calleeFacing = session.ports(facing: .callee)[0]
        let callerFacing = session.ports(facing: .caller)[0]
        callee.send(Self.rtp(1), to: calleeFacing)
        #expect(caller.receive()?.bytes == Self.rtp(1))
        caller.send(Self.rtp(1), to: callerFacing)
        #expect(callee.receive()?.bytes == Self.rtp(1), "sent where the callee's packets came from, not where its SDP said")

        // A stranger sending to the callee's port once the media flows is not heard.
        let stranger = try UDPTestSocket()
        stranger.send(Self.rtp(99), to: calleeFacing)
        #expect(caller.receive() == nil)
        let statistics = await session.statistics()
        #expect(statistics.dropped == 1)
        await session.close()
    }

    @Test func countsPacketsLostOnTheWayToTheRelay() async throws {
        let relay = Self.relay(ports: 42_200...42_299)
        let session = try await relay.open(streams: 1)
        let caller = try UDPTestSocket()
        let callee = try UDPTestSocket()
        _ = session.relay(try Self.sdp(port: caller.port), from: .caller, isOffer: true)
        _ = session.relay(try Self.sdp(port: callee.port), from: .callee, isOffer: false)
        try await Task.sleep(for: .milliseconds(50))
        for sequence: UInt16 in [65_534, 65_535, 2, 3, 1] { caller.send(Self.rtp(sequence), to: session.ports(facing: .caller)[0]) }
        #expect(callee.drain().count == 5)
        let statistics = await session.close()
        // 0 and 1 were missing after the wrap; 1 came late, so one stays lost.
        #expect(statistics.lost == 1)
    }

    @Test func refusesPastItsSessionLimitAndItsPorts() async throws {
        let limited = Self.relay(ports: 42_300...42_399, sessions: 1)
        let first = try await limited.open(streams: 1)
        await #expect(throws: RTPRelayError.sessionsExhausted(limit: 1)) { try await limited.open(streams: 1) }
        await first.close()
        try await limited.open(streams: 1).close()

        // Three ports hold one pair: one session needs two.
        let small = Self.relay(ports: 42_401...42_404)
        await #expect(throws: RTPRelayError.portsExhausted(host: "127.0.0.1", ports: 42_401...42_404)) { try await small.open(streams: 1) }
        #expect(small.openSessions == 0, "a refused session holds nothing")
    }

    @Test func anOfferOfManyStreamsGetsPortsForTwo() async throws {
        let relay = Self.relay(ports: 42_800...42_899)
        let session = try await relay.open(streams: 64)
        #expect(session.ports(facing: .caller).count == 2 && session.ports(facing: .callee).count == 2)
        let offer = try SDPSessionDescription(
            parsing: (["v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "c=IN IP4 127.0.0.1", "t=0 0"] + (0..<5).map { "m=audio \(5000 + 2 * $0) RTP/AVP 0" }
                + [""]).joined(separator: "\r\n"))
        #expect(session.relay(offer, from: .caller, isOffer: true).media.map(\.port).suffix(3) == [0, 0, 0], "the streams past two are declined")
        await session.close()
    }

    @Test func skipsPortsOtherProgramsHold() async throws {
        let squatter = try UDPTestSocket(port: 42_500)
        let relay = Self.relay(ports: 42_500...42_509)
        let session = try await relay.open(streams: 1)
        #expect(!session.ports(facing: .caller).contains(squatter.port) && !session.ports(facing: .callee).contains(squatter.port))
        await session.close()
    }

    /// RFC 4733 §2.3: V=2, PT 101, the event's timestamp, then event, E|volume, duration.
    static func event(_ digit: UInt8, timestamp: UInt32, sequence: UInt16, end: Bool) -> [UInt8] {
        [0x80, 101, UInt8(sequence >> 8), UInt8(sequence & 0xFF)] + withUnsafeBytes(of: timestamp.bigEndian, Array.init) + [0, 0, 0, 2]
            + [digit, end ? 0x8A : 0x0A, 0x01, 0x40]
    }

    @Test func reportsEachTelephoneEventOnceAndPlaysATone() async throws {
        let relay = Self.relay(ports: 42_700...42_799)
        let digits = DigitLog()
        let session = try await relay.open(streams: 1) { side, digit in digits.append(side, digit) }
        let caller = try UDPTestSocket()
        let callee = try UDPTestSocket()
        let offer = try SDPSessionDescription(
            parsing: [
                "v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "c=IN IP4 127.0.0.1", "t=0 0", "m=audio \(caller.port) RTP/AVP 8 101",
                "a=rtpmap:101 telephone-event/8000", "",
            ].joined(separator: "\r\n"))
        _ = session.relay(offer, from: .caller, isOffer: true)
        _ = session.relay(try Self.sdp(port: callee.port), from: .callee, isOffer: false)
        try await Task.sleep(for: .milliseconds(50))
        let port = session.ports(facing: .caller)[0]
        // `*` (10) in three packets and its end packets, then `7`: two digits, not six.
        var sequence: UInt16 = 1
        for (digit, timestamp) in [(UInt8(10), UInt32(1000)), (7, 2000)] {
            for end in [false, false, true, true] {
                caller.send(Self.event(digit, timestamp: timestamp, sequence: sequence, end: end), to: port)
                sequence += 1
            }
        }
        #expect(callee.drain().count == 8, "the events go on to the other side too")
        #expect(digits.all == [(RelaySide.caller, "*"), (.caller, "7")].map { "\($0.0):\($0.1)" })

        // A tone into the caller's side, PCMA as its offer says, while the callee's voice is held.
        session.play(.acknowledgement, to: .caller, duration: .milliseconds(200))
        try await Task.sleep(for: .milliseconds(10))
        callee.send(Self.rtp(1), to: session.ports(facing: .callee)[0])
        let played = caller.drain()
        #expect(played.count == 10, "\(played.map { ($0.count, $0[1]) })")
        #expect(Set(played.map { Array($0[8..<12]) }).count == 1, "one SSRC of the relay's own")
        #expect(played.allSatisfy { $0.count == 172 && $0[1] & 0x7F == 8 })
        await session.close()
    }
}

/// The digits a relay reported, from its event loop.
final class DigitLog: Sendable {
    private let entries = Mutex<[String]>([])

    func append(_ side: RelaySide, _ digit: Character) { entries.withLock { $0.append("\(side):\(digit)") } }

    var all: [String] { entries.withLock { $0 } }
}
