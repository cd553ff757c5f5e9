import Foundation
import Synchronization

/// Time as an input (DESIGN rule 6): every timestamp of the log comes from an injected clock,
/// so tests can run hours of filtering and timers in virtual time.
public protocol WallClock: Sendable {
    /// Microseconds since the Unix epoch.
    func now() -> Int64
}

/// The machine's real time.
public struct SystemWallClock: WallClock {
    public init() {}
    public func now() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1_000
    }
}

/// A clock that only moves when told to.
public final class VirtualWallClock: WallClock {
    private let current: Mutex<Int64>

    public init(startingAt microseconds: Int64 = 1_767_225_600_000_000) {
        current = Mutex(microseconds)
    }

    public func now() -> Int64 { current.withLock { $0 } }

    public func advance(byMicroseconds delta: Int64) {
        current.withLock { $0 += delta }
    }

    public func set(_ microseconds: Int64) {
        current.withLock { $0 = microseconds }
    }
}
