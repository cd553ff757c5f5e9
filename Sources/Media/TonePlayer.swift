import NIOCore
import NIOPosix

/// Sends a tone as G.711 RTP to one remote address: the media of a call the system answers
/// itself only to acknowledge something, such as a function code (manual §5.4.2, issue 15
/// point 5).
///
/// Opening the player binds its UDP socket first, so the SDP answer can name the port
/// (``localAddress``) before a single packet leaves; ``startPlaying(_:law:payloadType:to:duration:)``
/// then sends one 20 ms packet (RFC 3551 §4.5.14's default packet time for G.711) every 20 ms
/// and closes the socket after the last. Packets are timed from the start of the tone on the
/// event loop's clock, not from each other, so a late wake-up does not stretch the tone.
///
/// The socket never reads: the answer is `sendonly`, and a phone that sends anyway fills only the
/// kernel's buffer until the socket closes a second later. No RTCP is sent — a sender's first
/// report is due no earlier than 2.5 s (RFC 3550 §6.2), after the tone has ended.
///
/// All playback state lives on the socket's event loop; the class holds only constants and that
/// loop-bound box.
public final class TonePlayer: Sendable {
    /// G.711 samples per 20 ms packet.
    public static let samplesPerPacket = 160
    public static let packetInterval = TimeAmount.milliseconds(20)

    /// The bound address: the host it was opened on and the port the SDP answer names.
    public let localAddress: SocketAddress
    private let channel: any Channel
    private let state: NIOLoopBoundBox<State>

    /// The port the socket is bound to.
    public var localPort: Int { localAddress.port ?? 0 }

    private init(channel: any Channel, localAddress: SocketAddress, state: NIOLoopBoundBox<State>) {
        self.channel = channel
        self.localAddress = localAddress
        self.state = state
    }

    /// Binds the player's socket on `host` — the SIP listener's address, so the phone reaches it
    /// the way it reached the signalling.
    /// - Parameter ports: the RTP port range to take a port from, even ports first (RFC 3550
    ///   §11), starting at a random one; `nil` lets the system pick any free port.
    /// - Throws: ``TonePlayerError`` naming the address and why, or the exhausted range.
    public static func open(
        host: String, ports: ClosedRange<Int>? = nil, on eventLoop: any EventLoop = MultiThreadedEventLoopGroup.singleton.next()
    ) async throws(TonePlayerError) -> TonePlayer {
        let channel = try await bind(host: host, ports: ports, on: eventLoop)
        guard let address = channel.localAddress else {
            try? await channel.close()
            throw .bind(host: host, port: 0, reason: "the socket has no local address")
        }
        let state = try? await eventLoop.submit { NIOLoopBoundBox(State(), eventLoop: eventLoop) }.get()
        guard let state else {
            try? await channel.close()
            throw .bind(host: host, port: address.port ?? 0, reason: "the event loop is shut down")
        }
        return TonePlayer(channel: channel, localAddress: address, state: state)
    }

    /// Starts playing `tone` to `remote` for `duration` (rounded up to whole 20 ms packets); the
    /// socket closes after the last packet.
    /// - Parameters:
    ///   - payloadType: the number the offer gave the codec, `law`'s static one by default.
    /// - Returns: the number of packets the socket accepted, once the last packet's 20 ms have
    ///   passed (or at once when ``close()`` cut the tone short). A packet the socket refuses does
    ///   not stop the tone: it is one missing packet, which a receiver's jitter buffer conceals.
    public func startPlaying(
        _ tone: Tone, law: G711Law, payloadType: UInt8? = nil, to remote: SocketAddress, duration: TimeAmount = .seconds(1)
    ) -> EventLoopFuture<Int> {
        let packets = Int((duration.nanoseconds + Self.packetInterval.nanoseconds - 1) / Self.packetInterval.nanoseconds)
        let promise = channel.eventLoop.makePromise(of: Int.self)
        let payloadType = payloadType ?? law.payloadType
        let state = self.state
        let channel = self.channel
        channel.eventLoop.execute {
            guard !state.value.used else {
                promise.fail(TonePlayerError.closed)
                return
            }
            state.value.used = true
            state.value.playback = Playback(
                tone: tone, law: law, packetizer: RTPPacketizer(payloadType: payloadType), remote: remote, packets: packets, promise: promise)
            Self.send(state, channel)
        }
        return promise.futureResult
    }

    /// Plays `tone` and returns once it has ended, with the packets the socket accepted (see
    /// ``startPlaying(_:law:payloadType:to:duration:)``).
    /// - Throws: ``TonePlayerError/closed`` when the player already played or was closed.
    public func play(
        _ tone: Tone, law: G711Law, payloadType: UInt8? = nil, to remote: SocketAddress, duration: TimeAmount = .seconds(1)
    ) async throws(TonePlayerError) -> Int {
        do {
            return try await startPlaying(tone, law: law, payloadType: payloadType, to: remote, duration: duration).get()
        } catch {
            throw .closed
        }
    }

    /// Stops a tone that is playing (the caller hung up) and closes the socket; a player that
    /// never played closes too. Closing twice does nothing.
    public func close() async {
        let state = self.state
        let channel = self.channel
        try? await channel.eventLoop.submit {
            state.value.used = true
            if let playback = state.value.playback {
                playback.scheduled?.cancel()
                Self.finish(state, channel)
            } else {
                channel.close(promise: nil)
            }
        }.get()
        try? await channel.closeFuture.get()
    }

    /// Sends the next packet and schedules the one after it, or ends the playback.
    private static func send(_ state: NIOLoopBoundBox<State>, _ channel: any Channel) {
        guard let playback = state.value.playback else { return }
        guard playback.sent < playback.packets else {
            finish(state, channel)
            return
        }
        var buffer = channel.allocator.buffer(capacity: RTPPacketizer.headerSize + samplesPerPacket)
        playback.packetizer.writePacket(of: playback.tone, law: playback.law, index: playback.sent, into: &buffer)
        playback.writes.append(channel.writeAndFlush(AddressedEnvelope(remoteAddress: playback.remote, data: buffer)))
        playback.sent += 1
        playback.scheduled = channel.eventLoop.scheduleTask(deadline: playback.start + packetInterval * Int64(playback.sent)) {
            send(state, channel)
        }
    }

    private static func finish(_ state: NIOLoopBoundBox<State>, _ channel: any Channel) {
        guard let playback = state.value.playback else { return }
        state.value.playback = nil
        let promise = playback.promise
        EventLoopFuture.whenAllComplete(playback.writes, on: channel.eventLoop).whenComplete { results in
            let accepted = (try? results.get())?.count { if case .success = $0 { true } else { false } } ?? 0
            channel.close(promise: nil)
            promise.succeed(accepted)
        }
    }

    private static func bind(host: String, ports: ClosedRange<Int>?, on eventLoop: any EventLoop) async throws(TonePlayerError) -> any Channel {
        guard let ports else { return try await bind(host: host, port: 0, on: eventLoop) }
        let even = ports.filter { $0 % 2 == 0 }
        let candidates = even.isEmpty ? Array(ports) : even
        let first = Int.random(in: candidates.indices)
        for index in candidates.indices {
            let port = candidates[(first + index) % candidates.count]
            do {
                return try await bind(host: host, port: port, on: eventLoop)
            } catch .portTaken {
                continue
            }
        }
        throw .rtpPortsExhausted(host: host, ports: ports)
    }

    private static func bind(host: String, port: Int, on eventLoop: any EventLoop) async throws(TonePlayerError) -> any Channel {
        do {
            return try await DatagramBootstrap(group: eventLoop).channelOption(.autoRead, value: false).bind(host: host, port: port).get()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw .portTaken(host: host, port: port)
        } catch {
            throw .bind(host: host, port: port, reason: String(describing: error))
        }
    }
}
