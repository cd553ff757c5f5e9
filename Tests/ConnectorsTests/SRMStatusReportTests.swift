import Domain
import SRMWire
import Testing

@testable import Connectors

/// Manual §6.3.1.3, "SRM destination": the status the SRM server shows is the highest severity
/// among the active messages — blue, yellow, red — with only the serious and critical ones
/// listed, and nothing at all while the SRM destination is switched off.
@Suite struct SRMStatusReportTests {
    static func state(destinationOn: Bool, raising types: [String]) throws -> SystemState {
        var state = SystemState()
        let sealing = try SecretBox(key: SecretBox.generateKey())
        var commands: [Command] = [
            .setSRMSettings(SRMSettingsDraft(enabled: false, host: "srm.example.net", secret: "issued-secret-0001"))
        ]
        if destinationOn { commands.append(.configureDestination(id: "srm", SignalDestinationChange(enabled: true))) }
        for (index, type) in types.enumerated() {
            commands.append(.raiseEventMessage(EventMessageRequest(type: type, at: Int64(index + 1) * 1_000_000)))
        }
        for command in commands {
            for event in try state.decide(command, sealing: sealing) { state.apply(event) }
        }
        return state
    }

    @Test("normal messages leave it blue and unlisted; a serious one turns it yellow, a critical one red")
    func colours() throws {
        let blue = SRMStatusReport(try Self.state(destinationOn: true, raising: ["srm_connection_failed"]).eventMessages)
        #expect(blue.status == .normal && blue.active.isEmpty)
        let yellow = SRMStatusReport(try Self.state(destinationOn: true, raising: ["srm_connection_failed", "card_reset"]).eventMessages)
        #expect(yellow.status == .serious && yellow.active.map(\.type) == ["card_reset"])
        let red = SRMStatusReport(try Self.state(destinationOn: true, raising: ["card_reset", "fan_failure"]).eventMessages)
        #expect(red.status == .critical && red.active.map(\.type) == ["card_reset", "fan_failure"])
        #expect(red.active.last?.name == "Fan failure" && red.active.last?.severity == "critical")
    }

    @Test("with the SRM destination off, or its kind switched off, the status is not reported")
    func notReportedWhenOff() throws {
        #expect(SRMStatusReport(try Self.state(destinationOn: false, raising: ["fan_failure"]).eventMessages) == .notReported)
        var state = try Self.state(destinationOn: true, raising: ["fan_failure"])
        let sealing = try SecretBox(key: SecretBox.generateKey())
        for event in try state.decide(.switchDestinationKind(.srm, on: false), sealing: sealing) { state.apply(event) }
        #expect(SRMStatusReport(state.eventMessages) == .notReported)
    }
}
