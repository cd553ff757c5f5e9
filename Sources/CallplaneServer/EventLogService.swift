import EventLog
import ServiceLifecycle

/// Keeps the log open while the server runs and closes it last, after every queued append has
/// committed (architecture rule: an acknowledged event is never lost, not even at SIGTERM).
struct EventLogService: Service {
    let log: EventLog

    func run() async throws {
        try? await gracefulShutdown()
        await log.close()
    }
}
