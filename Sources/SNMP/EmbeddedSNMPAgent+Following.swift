import ControlPlane
import Domain
import EventLog
import EventMessages
import Foundation

extension EmbeddedSNMPAgent {
    /// The software version the MIB reports (`cpSoftwareVersion`).
    public static let softwareVersion = "Callplane 0.5"

    /// Keeps the served snapshot and the access in step with the projected state until
    /// cancelled. The snapshot is rebuilt at most every `interval`, never on the agent's thread: with 1,000 event messages a
    /// second a rebuild per event would cost more than the events themselves, while an NMS
    /// polling every few seconds sees at most `interval` of lag.
    public func follow(projection: StateProjection, sealing: any SecretSealing, clock: any WallClock,
                       statuses: @escaping @Sendable (SystemState) -> [DestinationDeliveryStatus],
                       interval: Duration = .milliseconds(250)) async {
        var appliedSettings = projection.current.state.snmpAgent
        var lastPosition: Int64 = -1
        var lastChangeAt = clock.now()
        var lastStatuses: [DestinationDeliveryStatus]?
        while !Task.isCancelled {
            let (state, position) = projection.current
            let current = statuses(state)
            // An idle system costs nothing: the snapshot is rebuilt only when the state or a
            // destination's delivery status moved.
            if position != lastPosition || current != lastStatuses {
                if position != lastPosition { lastChangeAt = clock.now() }
                lastPosition = position
                lastStatuses = current
                publish(MIBSnapshot(state: state, position: position, lastChangeAt: lastChangeAt,
                                    statuses: current, softwareVersion: Self.softwareVersion))
            }
            if state.snmpAgent != appliedSettings {
                appliedSettings = state.snmpAgent
                do {
                    apply(try SNMPAgentAccess(settings: appliedSettings, opening: sealing))
                } catch {
                    logger.error("SNMP agent access could not be opened; the previous access stays", metadata: ["error": "\(error)"])
                }
            }
            try? await Task.sleep(for: interval)
        }
    }
}
