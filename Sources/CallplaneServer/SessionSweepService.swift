import AccessControl
import EventLog
import ServiceLifecycle

/// Ends idle sessions every 30 seconds of the server's clock (manual §5.3.2), so the end of a
/// one-off remote maintenance session bars access again (§5.4.2) even when no further request
/// comes. Requests also end idle sessions as they arrive.
struct SessionSweepService: Service {
    let access: UserAccessControl
    let clock: any WallClock

    static let interval: Int64 = 30_000_000

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await clock.sleep(until: clock.now() + Self.interval)
                } catch {
                    return
                }
                await access.endIdleSessions()
            }
        }
    }
}
