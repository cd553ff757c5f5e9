#if canImport(Glibc)
    import Glibc
#endif
import Synchronization

/// The decoded values of one ``ReadAheadChunk``'s rows, filled by whichever of the two replay
/// threads claims a row first (``EventLog/scanWithReadAhead(after:decode:_:)``).
///
/// Each row has a claim: `unclaimed`, then either `helping` → `decoded` → `lent` (the read-ahead
/// thread decoded it into `values`, and the replaying thread has read it there) or `consumer`
/// (the replaying thread decodes it itself). A row is decoded exactly once, and its value is read
/// only after the release store that published it.
///
/// A value the read-ahead thread decoded stays in its slot until that thread takes the chunk back
/// (``reset()``), so it is also freed there: glibc's `free` of a block another thread's arena
/// allocated takes that arena's lock, and with every decoded event message freed by the replaying
/// thread the two threads spent about a tenth of the replay waiting on each other's arena locks
/// (issue 12's replay figure; docs/benchmarks.md).
///
/// `@unchecked Sendable` because `values` is raw memory shared by the two threads, and the claims
/// make that safe: a slot is written only by the thread whose compare-exchange moved its claim
/// from `unclaimed` to `helping`, and read only after an acquiring load saw `decoded`; the
/// claims are reset (and the values freed) only by the read-ahead thread when it takes
/// the chunk back as empty, after the queue's mutex ordered the consumer's last access before it.
final class ReadAheadDecodedRows<Decoded: Sendable>: @unchecked Sendable {
    static var unclaimed: UInt8 { 0 }
    static var helping: UInt8 { 1 }
    static var decoded: UInt8 { 2 }
    static var consumer: UInt8 { 3 }
    static var lent: UInt8 { 4 }

    private let claims: UnsafeMutablePointer<Atomic<UInt8>>
    private let values: UnsafeMutablePointer<Result<Decoded, any Error>>
    private let capacity: Int

    init(capacity: Int = ReadAheadChunk.rows) {
        self.capacity = capacity
        claims = .allocate(capacity: capacity)
        for row in 0..<capacity { (claims + row).initialize(to: Atomic(Self.unclaimed)) }
        values = .allocate(capacity: capacity)
    }

    deinit {
        reset()
        claims.deinitialize(count: capacity)
        claims.deallocate()
        values.deallocate()
    }

    /// Read-ahead thread: frees the values it decoded, read or not (the consumer stopped early),
    /// and unclaims every row.
    func reset() {
        for row in 0..<capacity {
            let claim = claims[row].exchange(Self.unclaimed, ordering: .acquiring)
            if claim == Self.decoded || claim == Self.lent { (values + row).deinitialize(count: 1) }
        }
    }

    /// Read-ahead thread: claims `row` to decode it; false once the consumer got there first.
    func claimForHelper(_ row: Int) -> Bool {
        claims[row].compareExchange(expected: Self.unclaimed, desired: Self.helping, ordering: .relaxed).exchanged
    }

    /// Read-ahead thread: publishes the value of a row it claimed.
    func publish(_ row: Int, _ value: Result<Decoded, any Error>) {
        (values + row).initialize(to: value)
        claims[row].store(Self.decoded, ordering: .releasing)
    }

    /// Replaying thread: true when it must decode `row` itself (nobody had claimed it).
    func claimForConsumer(_ row: Int) -> Bool {
        claims[row].compareExchange(expected: Self.unclaimed, desired: Self.consumer, ordering: .acquiring).exchanged
    }

    /// Replaying thread: lends `body` the helper's value of `row`, waiting the few microseconds a
    /// decode in progress takes. The value stays in its slot for the read-ahead thread to free.
    func borrow<Result>(_ row: Int, _ body: (borrowing Swift.Result<Decoded, any Error>) throws -> Result) rethrows -> Result {
        var spins = 0
        while claims[row].load(ordering: .acquiring) != Self.decoded {
            spins += 1
            if spins > 64 { sched_yield() }
        }
        defer { claims[row].store(Self.lent, ordering: .relaxed) }
        return try body(values[row])
    }
}
