import ATAS
import ServiceLifecycle

/// Keeps the alarm server interface open while the server runs, and closes it at a graceful
/// stop before the call core and the delivery engine stop (it comes after them in the service
/// group, which stops in reverse order).
struct ATASService: Service {
    let interface: ATASInterface

    func run() async throws {
        try? await gracefulShutdown()
        await interface.stop()
    }
}
