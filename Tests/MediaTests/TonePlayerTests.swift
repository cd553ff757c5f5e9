import Foundation
import NIOCore
import NIOPosix
import Testing

@testable import Media

/// The tone player against a real UDP socket on 127.0.0.1: what a phone receives.
@Suite struct TonePlayerTests {
    typealias Datagram = AddressedEnvelope<ByteBuffer>

    /// A receiving socket standing in for the phone's RTP port.
    struct Phone {
        let channel: NIOAsyncChannel<Datagram, Datagram>
        let address: SocketAddress

        static func open() async throws -> Phone {
            let channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .bind(host: "127.0.0.1", port: 0) { channel in
                    channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<Datagram, Datagram>(wrappingChannelSynchronously: channel) }
                }
            return Phone(channel: channel, address: try #require(channel.channel.localAddress))
        }

        /// Reads datagrams until `count` arrived or `timeout` has passed, and returns those read.
        func receive(_ count: Int, timeout: Duration = .seconds(5)) async throws -> [Datagram] {
            try await channel.executeThenClose { inbound, _ in
                await withTaskGroup(of: [Datagram]?.self) { group in
                    group.addTask {
                        var received: [Datagram] = []
                        do {
                            for try await datagram in inbound {
                                received.append(datagram)
                                if received.count == count { break }
                            }
                        } catch {}
                        return received
                    }
                    group.addTask {
                        try? await Task.sleep(for: timeout)
                        return nil
                    }
                    let first = await group.next()!
                    group.cancelAll()
                    if let received = first { return received }
                    while let result = await group.next() {
                        if let received = result { return received }
                    }
                    return []
                }
            }
        }
    }

    /// One packet, read independently of the packetizer (RFC 3550 §5.1).
    struct Packet {
        var version: UInt8
        var marker: Bool
        var payloadType: UInt8
        var sequenceNumber: UInt16
        var timestamp: UInt32
        var ssrc: UInt32
        var payload: [UInt8]

        init(_ buffer: ByteBuffer) {
            let bytes = Array(buffer.readableBytesView)
            version = bytes[0] >> 6
            marker = bytes[1] & 0x80 != 0
            payloadType = bytes[1] & 0x7F
            sequenceNumber = UInt16(bytes[2]) << 8 | UInt16(bytes[3])
            timestamp = bytes[4..<8].reduce(0) { $0 << 8 | UInt32($1) }
            ssrc = bytes[8..<12].reduce(0) { $0 << 8 | UInt32($1) }
            payload = Array(bytes[12...])
        }
    }

    @Test func oneSecondOfAcknowledgementToneAsPCMU() async throws {
        let phone = try await Phone.open()
        let player = try await TonePlayer.open(host: "127.0.0.1")
        #expect(player.localPort != 0, "the port is known before anything is sent, for the SDP answer")
        let started = ContinuousClock.now
        async let received = phone.receive(50)
        let sent = try await player.play(.acknowledgement, law: .muLaw, to: phone.address, duration: .seconds(1))
        let elapsed = ContinuousClock.now - started
        let datagrams = try await received
        #expect(sent == 50)
        // Paced, not sent in a burst: at least the tone's second. The upper bound only says it
        // ends; the unit tests share two cores, and a fresh-clone CI run once had this task wait
        // 2 s for a thread while other suites held both (3.2 s here), though the player paces
        // from its start and catches up.
        #expect(elapsed >= .milliseconds(990) && elapsed < .seconds(15), "one packet every 20 ms: \(elapsed)")
        try #require(datagrams.count == 50)
        #expect(datagrams.allSatisfy { $0.remoteAddress.port == player.localPort })

        let packets = datagrams.map { Packet($0.data) }
        #expect(packets.allSatisfy { $0.version == 2 && $0.payloadType == 0 && $0.payload.count == 160 && $0.ssrc == packets[0].ssrc })
        #expect(packets.map(\.marker) == [true] + Array(repeating: false, count: 49))
        for (previous, next) in zip(packets, packets.dropFirst()) {
            #expect(next.sequenceNumber == previous.sequenceNumber &+ 1)
            #expect(next.timestamp == previous.timestamp &+ 160)
        }
        let samples = packets.flatMap { $0.payload.map(G711Law.muLaw.decode) }
        #expect(abs(ToneTests.zeroCrossings(samples) - 850) <= 4, "425 Hz over one second")
        let at425 = ToneTests.goertzel(samples, frequency: 425)
        #expect(at425 > 1_000 * ToneTests.goertzel(samples, frequency: 450))
        #expect(at425 > 1_000 * ToneTests.goertzel(samples, frequency: 400))
    }

    @Test func refusalToneAsPCMAUnderTheOffersPayloadType() async throws {
        let phone = try await Phone.open()
        let player = try await TonePlayer.open(host: "127.0.0.1")
        async let received = phone.receive(25)
        let sent = try await player.play(.refusal, law: .aLaw, payloadType: 98, to: phone.address, duration: .milliseconds(490))
        let packets = try await received.map { Packet($0.data) }
        #expect(sent == 25, "490 ms is rounded up to 25 packets")
        try #require(packets.count == 25)
        #expect(packets.allSatisfy { $0.payloadType == 98 })
        let samples = packets.flatMap { $0.payload.map(G711Law.aLaw.decode) }
        // 0.24 s on (1,920 samples), then 0.24 s off: A-law has no exact zero, ±8 is silence.
        #expect(samples[0..<1_920].contains { abs($0) > 5_000 })
        #expect(samples[1_920..<3_840].allSatisfy { abs($0) <= 8 })
    }

    @Test func closingCutsTheToneShortAndAPlayerPlaysOnce() async throws {
        let phone = try await Phone.open()
        let player = try await TonePlayer.open(host: "127.0.0.1")
        // Ten seconds of tone (500 packets) closed after 200 ms: the player paces from its start and
        // catches up after a late wake-up, so a loaded machine may send more than 10 — never 500.
        // The phone's socket holds what was sent until it is read afterwards.
        let playing = player.startPlaying(.acknowledgement, law: .muLaw, to: phone.address, duration: .seconds(10))
        try await Task.sleep(for: .milliseconds(200))
        await player.close()
        let sent = try await playing.get()
        #expect(sent > 0 && sent < 500, "stopped after about 10 packets, not 500: \(sent)")
        // The datagrams are in the phone's socket already; all 500 never come, so this waits out
        // its timeout. Never more than the player counted (it would have sent uncounted packets,
        // or kept playing after the close); a few fewer when a loaded machine's catch-up burst
        // overran the phone's socket (a fresh-clone CI run read fewer than it sent).
        let received = try await phone.receive(500, timeout: .seconds(5)).count
        #expect(received > 0 && received <= sent, "received \(received) of the \(sent) sent")
        await #expect(throws: TonePlayerError.closed) {
            try await player.play(.acknowledgement, law: .muLaw, to: phone.address, duration: .milliseconds(20))
        }
    }

    @Test func aTakenRangeIsNamed() async throws {
        let first = try await TonePlayer.open(host: "127.0.0.1")
        let port = first.localPort
        await #expect(throws: TonePlayerError.rtpPortsExhausted(host: "127.0.0.1", ports: port...port)) {
            try await TonePlayer.open(host: "127.0.0.1", ports: port...port)
        }
        await first.close()
        let again = try await TonePlayer.open(host: "127.0.0.1", ports: port...port)
        #expect(again.localPort == port, "the port is free again once the first player closed")
        await again.close()
    }

    @Test func aRangeGivesEvenPorts() async throws {
        let player = try await TonePlayer.open(host: "127.0.0.1", ports: 41_000...41_999)
        #expect((41_000...41_999).contains(player.localPort) && player.localPort % 2 == 0)
        await player.close()
    }
}
