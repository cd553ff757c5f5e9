import Foundation
import ServiceLifecycle

/// Ends the maintenance sessions nobody uses any more, every ``MaintenanceTimeouts/sweep``: idle
/// for ``MaintenanceTimeouts/idle``, or their login expired or its technician removed. A logout
/// ends its sessions at once; these cases have no request to hang on, so they are looked for.
struct MaintenanceSessionSweeper: Service {
    let server: SRMServerApplication

    func run() async {
        let interval = server.configuration.maintenanceTimeouts.sweep
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                await server.maintenance.sweep(at: Date()) { login, technician in
                    server.loginIsOpen(login, technician: technician)
                }
            }
        }
    }
}
