import Domain
import SNMP

/// The event messages of the SNMP figures: "IP phone: Connection lost" for a terminal of its
/// own each, so every occurrence is an active message of its own — a row of
/// cpActiveEventMessageTable — until its partner or a confirmation ends it.
enum SimulatedEventMessages {
    static let type = "ip_phone_connection_lost"
    /// Occurrences 4 s apart stay below 1,000 of one type per clock hour, where "Too many event
    /// messages" would add a row of its own (README, Event messages).
    static let spacing: Int64 = 4_000_000

    /// The `index`th terminal's connection loss.
    static func request(_ index: Int, at: Int64) -> EventMessageRequest {
        EventMessageRequest(type: type, parameters: ["userNumber": String(100 + index % 1200), "terminalId": String(index + 1)], at: at)
    }

    /// `rows` distinct active messages, the last at `end`, decided and applied in memory as the
    /// pipeline would (no log): the state and how many events it folded.
    static func state(rows: Int, endingAt end: Int64, sealing: any SecretSealing) throws -> (state: SystemState, position: Int64) {
        var state = SystemState()
        var position: Int64 = 0
        let start = end - Int64(rows - 1) * spacing
        for index in 0..<rows {
            for event in try state.decide(.raiseEventMessage(request(index, at: start + Int64(index) * spacing)), sealing: sealing) {
                state.apply(event)
                position += 1
            }
        }
        guard state.eventMessages.active.count == rows else {
            throw BenchError("\(rows) simulated raises left \(state.eventMessages.active.count) active event messages, not \(rows)")
        }
        return (state, position)
    }

    /// What the agent serves for that state.
    static func snapshot(rows: Int, endingAt end: Int64, sealing: any SecretSealing) throws -> MIBSnapshot {
        let (state, _) = try self.state(rows: rows, endingAt: end, sealing: sealing)
        return MIBSnapshot(state: state, lastChangeAt: end, statuses: [], softwareVersion: EmbeddedSNMPAgent.softwareVersion)
    }
}
