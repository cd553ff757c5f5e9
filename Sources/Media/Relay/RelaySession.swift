import NIOCore
import SIP
import Synchronization

/// The relay's part of one call ("indirect switching", issue 16 point 3; manual Tab. 12): per
/// media stream an RTP/RTCP socket pair facing the caller and one facing the callee, all on one
/// event loop, so a packet read on one side is written on the other without changing threads.
///
/// The B2BUA passes every session description through ``relay(_:from:)``: it learns where that
/// side receives, and gets back the description the other side must see — the same codecs and
/// directions, with the relay's address and that side's ports.
public final class RelaySession: Sendable {
    /// The address every rewritten description names.
    public let host: String
    private let callerPorts: [UInt16]
    private let calleePorts: [UInt16]
    private let eventLoop: any EventLoop
    private let forwarding: NIOLoopBoundBox<Forwarding>
    private let channels: [any Channel]
    private let closed = Atomic<Bool>(false)
    private let release: @Sendable () -> Void
    /// Touched by the signalling (the B2BUA's loop), not by the media's.
    private let negotiation = Mutex(SDESNegotiation())
    /// The call's counts so far, readable from any thread (the call record takes them at the end).
    public let counters: RelayCounters

    init(
        host: String, callerPorts: [UInt16], calleePorts: [UInt16], eventLoop: any EventLoop, forwarding: NIOLoopBoundBox<Forwarding>,
        channels: [any Channel], counters: RelayCounters, release: @escaping @Sendable () -> Void
    ) {
        self.counters = counters
        self.host = host
        self.callerPorts = callerPorts
        self.calleePorts = calleePorts
        self.eventLoop = eventLoop
        self.forwarding = forwarding
        self.channels = channels
        self.release = release
    }

    /// The RTP port of each stream on the sockets facing `side` (RTCP on the next port).
    public func ports(facing side: RelaySide) -> [UInt16] {
        side == .caller ? callerPorts : calleePorts
    }

    /// Sets how `side`'s media is carried (plain RTP or SRTP, ``RelaySecurity``); before the
    /// first description of the call, since keys are offered and accepted by it.
    public func secure(_ side: RelaySide, _ security: RelaySecurity) {
        negotiation.withLock { $0.security[side] = security }
    }

    /// Takes the description `side` sent — an offer (INVITE, re-INVITE, UPDATE) or an answer
    /// (their 18x and 2xx): from now on that side's media goes where it says, latched anew on
    /// the side's next packet, and each side's SRTP keys are those SDES settled
    /// (``SDESNegotiation``). Returns the description for the other side.
    /// - Parameter flowHost: the server's own address on the other side's signalling flow,
    ///   announced instead of ``host`` when the relay is bound to every address (`0.0.0.0`,
    ///   `::`): the other side reaches the media where it reached the signalling.
    public func relay(
        _ description: SDPSessionDescription, from side: RelaySide, isOffer: Bool, announcing flowHost: String? = nil
    ) -> SDPSessionDescription {
        let targets = description.relayTargets
        let formats = description.relayFormats
        let (secured, installs) = negotiation.withLock { $0.process(description, from: side, isOffer: isOffer) }
        let forwarding = self.forwarding
        eventLoop.execute {
            forwarding.value.announce(targets, formats: formats, for: side)
            forwarding.value.install(installs)
        }
        let announced = RTPRelay.isWildcard(host) ? (flowHost ?? host) : host
        return secured.relayed(host: announced, ports: ports(facing: side.other))
    }

    /// Plays `tone` into `side` for `duration` instead of the other side's voice: the
    /// acknowledgement of a function code dialled during the call.
    public func play(_ tone: Tone, to side: RelaySide, duration: TimeAmount = .seconds(1)) {
        let forwarding = self.forwarding
        let eventLoop = self.eventLoop
        let packets = Int((duration.nanoseconds + TonePlayer.packetInterval.nanoseconds - 1) / TonePlayer.packetInterval.nanoseconds)
        eventLoop.execute { forwarding.value.play(tone, to: side, packets: packets, on: eventLoop, box: forwarding) }
    }

    /// What the relay carried for the call so far.
    public func statistics() async -> RelaySessionStatistics {
        let forwarding = self.forwarding
        return (try? await eventLoop.submit { forwarding.value.currentStatistics }.get()) ?? RelaySessionStatistics()
    }

    /// Closes the call's sockets and gives their ports back; returns what was carried. Closing
    /// again returns the same statistics and changes nothing.
    @discardableResult
    public func close() async -> RelaySessionStatistics {
        let forwarding = self.forwarding
        let first = closed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        let statistics =
            (try? await eventLoop.submit {
                forwarding.value.closed = true
                return forwarding.value.currentStatistics
            }.get()) ?? RelaySessionStatistics()
        guard first else { return statistics }
        for channel in channels { try? await channel.close() }
        release()
        return statistics
    }
}
