import Synchronization

/// Whether the server takes requests: set once the HTTP server listens, cleared at the start of
/// a graceful shutdown (`/ready`).
final class Readiness: Sendable {
    private let flag = Atomic<Bool>(false)

    var isReady: Bool { flag.load(ordering: .acquiring) }

    func set(_ ready: Bool) { flag.store(ready, ordering: .releasing) }
}
