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
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (40 - 8 * index)) }
        bytes[6] = 0x70 | UInt8(truncatingIfNeeded: high >> 60)
        bytes[7] = UInt8(truncatingIfNeeded: high >> 52)
        bytes[8] = 0x80 | UInt8(truncatingIfNeeded: low >> 58)
        for index in 9..<16 { bytes[index] = UInt8(truncatingIfNeeded: low >> (8 * (15 - index))) }
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }
}
