import NIOCore
import NIOPosix
import Synchronization

/// The media relay (issue 16 point 3; manual Tab. 12 and the deployment guide's "Relay RTP data
/// via communication server (indirect switching)"): it owns a UDP port range on the server's
/// address and opens a ``RelaySession`` for each call whose media it carries.
///
/// Reads are batched (`recvmmsg`, NIO's `datagramVectorReadMessageCount`) and the writes of a
/// batch leave together: on a small machine the relay, not SIP, is what a busy system spends
/// its CPU on. Sessions are spread over the event loops of `group`.
public final class RTPRelay: Sendable {
    /// Datagrams read per system call.
    static let vectorReadCount = 16
    /// The room each datagram of a batched read gets: NIO splits one receive buffer evenly
    /// among the batch, so the buffer must be this times ``vectorReadCount``, or a packet is
    /// cut short. An Ethernet MTU's worth, with room to spare.
    static let datagramBytes = 2048
    /// Streams relayed per call: audio and video. An offer may list up to 64 `m=` sections (the
    /// SDP parser's bound); were each given ports, one call could hold a quarter of the default
    /// range, and a few such calls every port. Streams past these are declined (port 0) in the
    /// descriptions the relay hands on.
    public static let maximumStreamsPerCall = 2
    /// Large enough for a burst of a few hundred packets while the loop is busy elsewhere.
    static let receiveBufferBytes = 256 * 1024

    public let host: String
    public let counters = RelayCounters()
    private let group: any EventLoopGroup
    private let pool: Mutex<RelayPortPool>
    private let sessions = Atomic<Int>(0)
    private let sessionLimit: Int

    /// - Parameters:
    ///   - host: the address to bind and to announce in session descriptions.
    ///   - ports: the range of ports the relay may bind, as RTP/RTCP pairs.
    ///   - sessionLimit: calls relayed at once at most (the VoIP channels, two per call).
    public init(host: String, ports: ClosedRange<Int>, sessionLimit: Int, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.host = host
        self.group = group
        self.sessionLimit = sessionLimit
        pool = Mutex(RelayPortPool(range: ports))
    }

    /// Whether `host` binds every address of the machine, which no session description can name.
    static func isWildcard(_ host: String) -> Bool { host == "0.0.0.0" || host == "::" }

    /// Calls relayed now.
    public var openSessions: Int { sessions.load(ordering: .relaxed) }

    /// The port range in force.
    public var ports: ClosedRange<Int> { pool.withLock { $0.range } }

    /// A new port range applies to the calls relayed from now on.
    public func change(ports: ClosedRange<Int>) {
        pool.withLock { $0.change(to: ports) }
    }

    /// Opens a session with `streams` media streams (the offer's `m=` lines), at most
    /// ``maximumStreamsPerCall``.
    /// - Throws: ``RTPRelayError/sessionsExhausted(limit:)`` at the session limit,
    ///   ``RTPRelayError/portsExhausted(host:ports:)`` when the range has no free pairs left.
    /// - Parameter onDigit: called, on the relay's event loop, with each digit a side presses
    ///   during the call (RFC 4733 telephone events).
    public func open(streams: Int, onDigit: (@Sendable (RelaySide, Character) -> Void)? = nil) async throws(RTPRelayError) -> RelaySession {
        let limit = sessionLimit
        var current = sessions.load(ordering: .relaxed)
        repeat {
            guard current < limit else { throw .sessionsExhausted(limit: limit) }
            let (exchanged, original) = sessions.compareExchange(expected: current, desired: current + 1, ordering: .acquiringAndReleasing)
            if exchanged { break }
            current = original
        } while true
        let streams = min(max(1, streams), Self.maximumStreamsPerCall)
        let eventLoop = group.next()
        var pairs: [(port: Int, rtp: any Channel, rtcp: any Channel)] = []
        do {
            for _ in 0..<(streams * 2) { pairs.append(try await bindPair(on: eventLoop)) }
        } catch {
            await closeUnused(pairs)
            sessions.subtract(1, ordering: .relaxed)
            throw error
        }
        let counters = self.counters
        let sockets = pairs
        let streamCount = streams
        let forwarding: NIOLoopBoundBox<RelaySession.Forwarding>
        let callCounters: RelayCounters
        do {
            (forwarding, callCounters) = try await eventLoop.submit {
                let streams = (0..<streamCount).map { index in
                    RelaySession.Forwarding.Stream(
                        channels: RelaySidePair(
                            caller: (sockets[2 * index].rtp, sockets[2 * index].rtcp), callee: (sockets[2 * index + 1].rtp, sockets[2 * index + 1].rtcp)))
                }
                let forwarding = RelaySession.Forwarding(streams: streams, counters: counters, onDigit: onDigit)
                for (index, stream) in streams.enumerated() {
                    for side in RelaySide.allCases {
                        for (channel, rtcp) in [(stream.channels[side].rtp, false), (stream.channels[side].rtcp, true)] {
                            try channel.pipeline.syncOperations.addHandler(
                                RelaySocketHandler(forwarding: forwarding, side: side, stream: index, rtcp: rtcp))
                            channel.setOption(ChannelOptions.autoRead, value: true).whenFailure { _ in }
                        }
                    }
                }
                return (NIOLoopBoundBox(forwarding, eventLoop: eventLoop), forwarding.callCounters)
            }.get()
        } catch {
            await closeUnused(pairs)
            sessions.subtract(1, ordering: .relaxed)
            throw .shutDown
        }
        let ports = pairs.map(\.port)
        return RelaySession(
            host: host, callerPorts: stride(from: 0, to: ports.count, by: 2).map { UInt16(ports[$0]) },
            calleePorts: stride(from: 1, to: ports.count, by: 2).map { UInt16(ports[$0]) }, eventLoop: eventLoop, forwarding: forwarding,
            channels: pairs.flatMap { [$0.rtp, $0.rtcp] }, counters: callCounters,
            release: { [self] in self.release(ports) })
    }

    private func release(_ ports: [Int]) {
        pool.withLock { pool in for port in ports { pool.release(port) } }
        sessions.subtract(1, ordering: .relaxed)
    }

    private func closeUnused(_ pairs: [(port: Int, rtp: any Channel, rtcp: any Channel)]) async {
        for pair in pairs {
            try? await pair.rtp.close()
            try? await pair.rtcp.close()
            pool.withLock { $0.release(pair.port) }
        }
    }

    /// Binds the next free pair of the range: RTP on its even port, RTCP on the odd one. A pair
    /// another program holds is skipped (and given back to the pool, to be tried again on a
    /// later round).
    private func bindPair(on eventLoop: any EventLoop) async throws(RTPRelayError) -> (port: Int, rtp: any Channel, rtcp: any Channel) {
        let (attempts, range) = pool.withLock { ($0.pairs, $0.range) }
        for _ in 0..<attempts {
            guard let port = pool.withLock({ $0.reserve() }) else { break }
            do {
                let rtp = try await bind(port: port, on: eventLoop)
                do {
                    return (port, rtp, try await bind(port: port + 1, on: eventLoop))
                } catch {
                    try? await rtp.close()
                    throw error
                }
            } catch let error as IOError where error.errnoCode == EADDRINUSE {
                pool.withLock { $0.release(port) }
            } catch {
                pool.withLock { $0.release(port) }
                throw .bind(host: host, port: port, reason: String(describing: error))
            }
        }
        throw .portsExhausted(host: host, ports: range)
    }

    private func bind(port: Int, on eventLoop: any EventLoop) async throws -> any Channel {
        try await DatagramBootstrap(group: eventLoop)
            .channelOption(.autoRead, value: false)
            .channelOption(.datagramVectorReadMessageCount, value: Self.vectorReadCount)
            // One batched read per readiness: NIO's epoll is level-triggered, so datagrams
            // beyond the batch wake the loop again, and a second read that finds none (most
            // of them, at 50 packets/s a socket) is a system call per packet saved.
            .channelOption(.maxMessagesPerRead, value: 1)
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: Self.vectorReadCount * Self.datagramBytes))
            .channelOption(.socketOption(.so_rcvbuf), value: Self.receiveBufferBytes)
            .bind(host: host, port: port).get()
    }
}
