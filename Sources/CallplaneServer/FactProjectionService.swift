import ControlPlane
import EventLog
import ServiceLifecycle

/// Runs a fact projection; at shutdown lets it reach the log's head and saves its snapshot, as
/// ``StateProjectionService`` does for the configuration.
struct FactProjectionService<Fold: FactFold>: Service {
    let log: EventLog
    let projection: FactProjection<Fold>

    func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await projection.run() }
            try? await gracefulShutdown()
            while projection.position < log.head, !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(5))
            }
            group.cancelAll()
        }
    }
}
