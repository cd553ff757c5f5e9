import ControlPlane
import Domain
import EventLog
import EventMessages
import Foundation
import NIOPosix

extension EmbeddedSNMPAgent {
    /// The software version the MIB reports (`cpSoftwareVersion`).
    public static let softwareVersion = "Callplane 0.5"

    /// Keeps the served snapshot and the access in step with the projected state until
    /// cancelled. The snapshot is rebuilt at most every `interval` (longer when a rebuild is
    /// slow), never on the agent's thread: with 1,000 event messages a second a rebuild per
    /// event would cost more than the events themselves, while an NMS polling every few seconds
    /// sees at most `interval` of lag on a system of ordinary size. `liveUsage` is read as
    /// often: the registrations and calls the call core counts (cpUsageTable), which move
    /// without the state moving.
    public func follow(
        projection: StateProjection, sealing: any SecretSealing, clock: any WallClock,
        statuses: @escaping @Sendable (SystemState, Int64) -> [DestinationDeliveryStatus],
        liveUsage: @escaping @Sendable () -> [CapacityLimit: Int] = { [:] },
        interval: Duration = .milliseconds(250)
    ) async {
        var appliedSettings = projection.current.state.snmpAgent
        var lastPosition: Int64 = -1
        var lastChangeAt = clock.now()
        var lastStatuses: [DestinationDeliveryStatus]?
        var lastLiveUsage: [CapacityLimit: Int]?
        while !Task.isCancelled {
            let (state, position) = projection.current
            let current = statuses(state, position)
            let live = liveUsage()
            // An idle system costs nothing: the snapshot is rebuilt only when the state, a
            // destination's delivery status or a live count moved.
            var pause = interval
            if position != lastPosition || current != lastStatuses || live != lastLiveUsage {
                if position != lastPosition { lastChangeAt = clock.now() }
                lastPosition = position
                lastStatuses = current
                lastLiveUsage = live
                let started = ContinuousClock.now
                // Built on NIO's thread pool, not here: a rebuild of 10,000 rows holds its thread
                // for ~100 ms, and one of the cooperative pool's two threads held that long made
                // appends wait behind it (append p99 of hundreds of ms under walks, issue 14's
                // SNMP figure). Architecture rule: blocking work goes to the thread pool.
                let changedAt = lastChangeAt
                do {
                    publish(
                        try await NIOThreadPool.singleton.runIfActive {
                            MIBSnapshot(
                                state: state, lastChangeAt: changedAt, statuses: current, softwareVersion: Self.softwareVersion, liveUsage: live)
                        })
                } catch {
                    // Only a pool that was shut down refuses work; the singleton never is.
                    logger.error("the SNMP view could not be rebuilt; the previous one stays", metadata: ["error": "\(error)"])
                }
                // A big state (20,000 rows take ~250 ms here) must not keep a core busy while
                // messages pour in: rest at least 4× the rebuild, so it takes ≤ 20 % of one.
                pause = max(interval, (ContinuousClock.now - started) * 4)
            }
            if state.snmpAgent != appliedSettings {
                appliedSettings = state.snmpAgent
                do {
                    apply(try SNMPAgentAccess(settings: appliedSettings, opening: sealing))
                } catch {
                    logger.error("SNMP agent access could not be opened; the previous access stays", metadata: ["error": "\(error)"])
                }
            }
            try? await Task.sleep(for: pause)
        }
    }
}
