import Foundation
import Synchronization

/// An NMS that never pauses: snmpbulkwalks back to back on a thread of their own until
/// stopped, each one required to succeed and to bring back at least `minimumVarbinds` (the
/// table only grows while event messages are raised).
final class WalkLoop: Sendable {
    private let stopping = Atomic<Bool>(false)
    private let done = Atomic<Bool>(false)
    private let outcome = Mutex<(walks: [SNMPWalk.Result], failure: BenchError?)>(([], nil))

    func start(_ walk: SNMPWalk, minimumVarbinds: Int) {
        DispatchQueue.global().async { [self] in
            defer { done.store(true, ordering: .releasing) }
            while !stopping.load(ordering: .acquiring) {
                do {
                    let result = try walk.runBlocking()
                    guard result.varbinds >= minimumVarbinds else {
                        throw BenchError("a walk under load brought back \(result.varbinds) varbinds, fewer than the \(minimumVarbinds) the table held before")
                    }
                    outcome.withLock { $0.walks.append(result) }
                } catch {
                    outcome.withLock { $0.failure = error as? BenchError ?? BenchError("\(error)") }
                    return
                }
            }
        }
    }

    /// Asks the loop to stop after the walk in progress.
    func stop() { stopping.store(true, ordering: .releasing) }

    /// The loop has stopped (asked to, or after a failed walk).
    var isFinished: Bool { done.load(ordering: .acquiring) }

    /// Every walk, once finished; throws the failure of a walk that failed.
    func walks() throws -> [SNMPWalk.Result] {
        let (walks, failure) = outcome.withLock { $0 }
        if let failure { throw failure }
        return walks
    }
}
