import Synchronization

/// A duration measured inside a closure that runs on another task (a WebSocket client's
/// handler) and read after it returned.
final class Elapsed: Sendable {
    private let stored = Mutex<Duration>(.zero)

    func set(_ duration: Duration) { stored.withLock { $0 = duration } }
    var value: Duration { stored.withLock { $0 } }
}
