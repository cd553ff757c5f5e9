import ControlPlane
import Logging
import ServiceLifecycle

/// Repeats the incremental integrity check every minute and once more at shutdown, after every
/// other service that appends has stopped (issue 13, point 19): a sound log moves its verified
/// mark and its witness file to the head, so a tail cut while the server is stopped is caught
/// at the next start; a log found unsound while running raises the alarm and refuses writes.
///
/// A check walks the events since the previous one, hashing them on the thread that runs it.
/// At 1,000 calls/s the log grows by 3,000 facts a second, and a minute's 180,000 events held a
/// core for a few hundred milliseconds — long enough for the SIP loop, sharing two cores, to
/// fall a quarter-second behind and refuse calls at the 250-call limit. So the head is looked at
/// every few seconds, and a check also runs as soon as ``maximumEventsPerCheck`` events have
/// come: no check walks more than that and the next few seconds' worth.
struct IntegrityWitnessService: Service {
    let integrity: LogIntegrityGuard
    let pipeline: CommandPipeline
    /// The log's durable head.
    let head: @Sendable () -> Int64
    let logger: Logger

    static let interval: Duration = .seconds(60)
    static let pollInterval: Duration = .seconds(5)
    static let maximumEventsPerCheck: Int64 = 20_000

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var checkedAt = ContinuousClock.now
            var checkedHead = head()
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: Self.pollInterval)
                } catch {
                    return
                }
                let now = ContinuousClock.now
                let current = head()
                guard now - checkedAt >= Self.interval || current - checkedHead >= Self.maximumEventsPerCheck else { continue }
                await check()
                checkedAt = now
                checkedHead = current
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
