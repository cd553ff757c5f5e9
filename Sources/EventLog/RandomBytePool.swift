import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Random bytes from the kernel's CSPRNG, fetched 1,024 at a time and each handed out once.
///
/// `SystemRandomNumberGenerator` makes one `getrandom` system call per eight bytes, so a
/// time-ordered id cost two: with 16 appenders each awaiting its append that was about a
/// twelfth of their CPU (perf), on the two cores they share with the writer. The bytes are the
/// same; only the system calls are fewer. The process never forks (Foundation's `Process`
/// spawns), so no two processes can hand out the same buffer.
final class RandomBytePool: Sendable {
    static let shared = RandomBytePool()

    private static let capacity = 1_024

    private struct State {
        var bytes = [UInt8](repeating: 0, count: RandomBytePool.capacity)
        /// The next byte not yet handed out; `capacity` when the buffer is spent.
        var next = RandomBytePool.capacity
    }

    private let state = Mutex(State())

    /// Two fresh random words (16 bytes never handed out before).
    func nextWords() -> (UInt64, UInt64) {
        state.withLock { state in
            if state.next + 16 > Self.capacity {
                state.bytes.withUnsafeMutableBytes { arc4random_buf($0.baseAddress!, $0.count) }
                state.next = 0
            }
            let words = state.bytes.withUnsafeBytes { raw in
                (raw.loadUnaligned(fromByteOffset: state.next, as: UInt64.self), raw.loadUnaligned(fromByteOffset: state.next + 8, as: UInt64.self))
            }
            state.next += 16
            return words
        }
    }
}
