import EventMessages
import ServiceLifecycle

/// Runs the event-message delivery engine. It stops before the projection and the log (the
/// service group ends services in reverse order), so a batch in flight either finishes and
/// moves its cursor or is delivered again after the restart.
struct DeliveryEngineService: Service {
    let engine: DeliveryEngine

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await engine.run()
        }
    }
}
