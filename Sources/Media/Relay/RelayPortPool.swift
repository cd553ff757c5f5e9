/// The relay's UDP port range, handed out as RTP/RTCP pairs: an even port for RTP and the next
/// odd one for RTCP (RFC 3550 §11).
///
/// Pairs are taken round-robin through the range rather than lowest-first, so a port closed at
/// the end of one call is the last to be reused: packets still in flight to it from the old
/// call do not reach the next one.
struct RelayPortPool {
    private(set) var range: ClosedRange<Int>
    private var inUse: Set<Int> = []
    private var next: Int

    init(range: ClosedRange<Int>) {
        self.range = range
        next = Self.firstPair(in: range)
    }

    /// The RTP ports of the pairs the range holds (the odd lower bound and a lone even upper
    /// bound are not used).
    var pairs: Int {
        let first = Self.firstPair(in: range)
        return range.upperBound > first ? (range.upperBound - 1 - first) / 2 + 1 : 0
    }

    var free: Int { pairs - inUse.count { range.contains($0) && range.contains($0 + 1) } }

    /// Reserves the next free pair and returns its RTP port; `nil` when every pair is reserved.
    mutating func reserve() -> Int? {
        let first = Self.firstPair(in: range)
        guard pairs > 0 else { return nil }
        for _ in 0..<pairs {
            let port = next
            next = port + 2 > range.upperBound - 1 ? first : port + 2
            if !inUse.contains(port) {
                inUse.insert(port)
                return port
            }
        }
        return nil
    }

    mutating func release(_ port: Int) {
        inUse.remove(port)
    }

    /// A new range applies to the pairs reserved from now on; pairs in use stay until released.
    mutating func change(to range: ClosedRange<Int>) {
        guard range != self.range else { return }
        self.range = range
        next = Self.firstPair(in: range)
    }

    private static func firstPair(in range: ClosedRange<Int>) -> Int {
        range.lowerBound % 2 == 0 ? range.lowerBound : range.lowerBound + 1
    }
}
