import ControlPlane
import EventLog
import ServiceLifecycle

/// Runs the state projection; at shutdown lets it reach the log's head and saves a snapshot,
/// so the next start-up replays nothing.
struct StateProjectionService: Service {
    let log: EventLog
    let projection: StateProjection

    func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await projection.run() }
            try? await gracefulShutdown()
            await projection.waitUntil(position: log.head)
            group.cancelAll()
        }
        await projection.saveSnapshot()
    }
}
