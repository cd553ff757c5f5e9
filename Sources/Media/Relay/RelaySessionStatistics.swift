/// What the relay carried for one call (issue 16 point 6: per-call media in the call history).
public struct RelaySessionStatistics: Sendable, Hashable, Codable {
    /// RTP packets received from the caller's side and forwarded to the callee's.
    public var packetsFromCaller = 0
    /// RTP packets received from the callee's side and forwarded to the caller's.
    public var packetsFromCallee = 0
    /// RTCP packets forwarded either way.
    public var rtcpPackets = 0
    public var bytes = 0
    /// Packets not forwarded (see ``RelayCounters/packetsDropped``).
    public var dropped = 0
    /// RTP packets that never arrived at the relay, from gaps in each sender's sequence
    /// numbers (RFC 3550 §6.4.1's cumulative number of packets lost, summed over both sides).
    public var lost = 0

    public init() {}
}
