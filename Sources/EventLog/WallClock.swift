import Foundation
import Synchronization

/// Time as an input (architecture rule 6): every timestamp of the log comes from an injected clock,
/// and every timer (event-message batching, retry intervals, later licence timers) sleeps on
/// it, so tests can run hours of filtering and timers in virtual time.
public protocol WallClock: Sendable {
    /// Microseconds since the Unix epoch.
    func now() -> Int64
    /// Returns once `now() >= deadline`; throws `CancellationError` if the task is cancelled
    /// first.
    func sleep(until deadline: Int64) async throws
}

/// The machine's real time.
public struct SystemWallClock: WallClock {
    public init() {}
    public func now() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1_000
    }

    public func sleep(until deadline: Int64) async throws {
        let remaining = deadline - now()
        if remaining > 0 { try await Task.sleep(nanoseconds: UInt64(remaining) * 1_000) }
        try Task.checkCancellation()
    }
}

/// A clock that only moves when told to; sleepers wake when an `advance` or `set` reaches
/// their deadline.
public final class VirtualWallClock: WallClock {
    private struct Sleeper {
        var deadline: Int64
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct Time: ~Copyable {
        var now: Int64
        var sleepers: [UInt64: Sleeper] = [:]
        var nextID: UInt64 = 0
    }

    private let time: Mutex<Time>

    public init(startingAt microseconds: Int64 = 1_767_225_600_000_000) {
        time = Mutex(Time(now: microseconds))
    }

    public func now() -> Int64 { time.withLock { $0.now } }

    public func advance(byMicroseconds delta: Int64) {
        move { $0 += delta }
    }

    public func set(_ microseconds: Int64) {
        move { $0 = microseconds }
    }

    /// How many tasks are sleeping on this clock: a test advances once the code under test has
    /// gone to sleep.
    public var sleeperCount: Int { time.withLock { $0.sleepers.count } }

    /// The moments the sleepers wait for, earliest first: a test asserts that nothing will
    /// happen before a deadline by reading the deadline, instead of sleeping a while and seeing
    /// nothing (which a slow or dead component passes too).
    public var sleeperDeadlines: [Int64] { time.withLock { $0.sleepers.values.map(\.deadline).sorted() } }

    public func sleep(until deadline: Int64) async throws {
        let id = time.withLock { time -> UInt64 in
            time.nextID += 1
            return time.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow: Bool = time.withLock { time in
                    if time.now >= deadline { return true }
                    if Task.isCancelled { return true }
                    time.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let sleeper = time.withLock { $0.sleepers.removeValue(forKey: id) }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
        try Task.checkCancellation()
    }

    private func move(_ change: (inout Int64) -> Void) {
        let due = time.withLock { time -> [CheckedContinuation<Void, any Error>] in
            change(&time.now)
            let now = time.now
            let ready = time.sleepers.filter { $0.value.deadline <= now }
            for id in ready.keys { time.sleepers.removeValue(forKey: id) }
            return ready.values.map(\.continuation)
        }
        due.forEach { $0.resume() }
    }
}
