import Synchronization

/// What the relay has carried: since it started, over all calls — the totals behind the
/// Prometheus counters of relayed and dropped packets — or for one call, what its record keeps
/// (issue 16 point 6). Read from any thread.
public final class RelayCounters: Sendable {
    let packets = Atomic<Int>(0)
    let bytes = Atomic<Int>(0)
    let dropped = Atomic<Int>(0)
    let lost = Atomic<Int>(0)

    public init() {}

    /// RTP and RTCP packets forwarded to the other side.
    public var packetsRelayed: Int { packets.load(ordering: .relaxed) }
    public var bytesRelayed: Int { bytes.load(ordering: .relaxed) }
    /// Packets not forwarded: from a source other than the latched one, or with nowhere to go.
    public var packetsDropped: Int { dropped.load(ordering: .relaxed) }
    /// RTP packets that never reached the relay (``RTPSequenceTracker``).
    public var packetsLost: Int { lost.load(ordering: .relaxed) }

    /// Adds what a read burst carried; a count of zero touches nothing, as each addition to a
    /// counter another core also writes moves its cache line between the cores.
    func add(packets: Int, bytes: Int, dropped: Int, lost: Int = 0) {
        if packets != 0 {
            self.packets.add(packets, ordering: .relaxed)
            self.bytes.add(bytes, ordering: .relaxed)
        }
        if dropped != 0 { self.dropped.add(dropped, ordering: .relaxed) }
        if lost != 0 { self.lost.add(lost, ordering: .relaxed) }
    }
}
