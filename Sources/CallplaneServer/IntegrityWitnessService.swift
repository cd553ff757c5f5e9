import ControlPlane
import Logging
import ServiceLifecycle

/// Repeats the incremental integrity check every minute and once more at shutdown, after every
/// other service that appends has stopped (issue 13, point 19): a sound log moves its verified
/// mark and its witness file to the head, so a tail cut while the server is stopped is caught
/// at the next start; a log found unsound while running raises the alarm and refuses writes.
/// A check walks only the events since the previous one, so it costs next to nothing.
struct IntegrityWitnessService: Service {
    let integrity: LogIntegrityGuard
    let pipeline: CommandPipeline
    let logger: Logger

    static let interval: Duration = .seconds(60)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: Self.interval)
                } catch {
                    return
                }
                await check()
            }
        }
        await check()
    }

    private func check() async {
        do {
            if try await integrity.witness() != nil { try await integrity.raiseAlarm(pipeline: pipeline) }
        } catch {
            logger.error("could not check the event log's integrity or move its witness", metadata: ["error": "\(error)"])
        }
    }
}
