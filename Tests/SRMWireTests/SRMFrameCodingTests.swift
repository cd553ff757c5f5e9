import Foundation
import Testing

@testable import SRMWire

/// The frames both executables exchange: each kind survives the wire, the discriminator is the
/// documented one (docs/srm.md, "Wire"), and a frame of an unknown kind or over the size limit is
/// refused instead of guessed at.
struct SRMFrameCodingTests {
    static let report = SRMStatusReport(
        status: .critical,
        active: [
            SRMActiveMessage(
                number: 7, type: "fan_failure", code: 40, name: "Fan failure", severity: "critical", parameters: ["fan": "2"], firstAt: 1_000, lastAt: 2_000,
                count: 2)
        ])

    @Test(arguments: [
        SRMAgentFrame.hello(SRMHello(systemID: "CP-1", secret: "s3cret", systemName: "Head office", softwareVersion: "1.0")),
        .eventMessage(
            sequence: 42,
            message: SRMEventMessage(
                number: 7, type: "fan_failure", code: 40, name: "Fan failure", severity: "critical", polarity: "negative", parameters: ["fan": "2"],
                at: 2_000, activeNumber: 7, simulated: false),
            report: report),
        .status(.notReported),
        .sessionAccepted(session: "0123456789abcdef0123456789abcdef"),
        .sessionEnded(session: "0123456789abcdef0123456789abcdef", reason: "remote maintenance is barred on the system"),
        .httpResponse(
            SRMRelayedResponse(session: "0123456789abcdef0123456789abcdef", id: 3, status: 200, headers: [["content-type", "application/json"]], body: "e30=")),
    ])
    func agentFramesRoundTrip(_ frame: SRMAgentFrame) throws {
        #expect(try SRMFrameCoding.decode(SRMAgentFrame.self, from: SRMFrameCoding.encode(frame)) == frame)
    }

    @Test(arguments: [
        SRMServerFrame.welcome(serverName: "Installer office"), .refused(SRMRefusal(.wrongSecret, "the secret does not match")),
        .acknowledged(sequence: 42), .rejected(sequence: 43, reason: "status changes are not allowed for CP-1"),
        .sessionRequest(SRMMaintenanceSession(session: "0123456789abcdef0123456789abcdef", technician: "tech1", address: "192.0.2.7")),
        .httpRequest(
            SRMRelayedRequest(
                session: "0123456789abcdef0123456789abcdef", id: 3, method: "GET", path: "/api/v1/users?limit=1", headers: [["accept", "application/json"]],
                body: "")),
        .sessionEnd(session: "0123456789abcdef0123456789abcdef"),
    ])
    func serverFramesRoundTrip(_ frame: SRMServerFrame) throws {
        #expect(try SRMFrameCoding.decode(SRMServerFrame.self, from: SRMFrameCoding.encode(frame)) == frame)
    }

    @Test func framesNameTheirKindInType() throws {
        let text = SRMFrameCoding.encode(SRMServerFrame.acknowledged(sequence: 9))
        #expect(text == #"{"sequence":9,"type":"acknowledged"}"#)
        let refused = SRMFrameCoding.encode(SRMServerFrame.refused(SRMRefusal(.unknownSystem, "CP-9 is not on the allow-list")))
        #expect(refused.contains(#""reason":"unknown_system""#))
    }

    @Test func unknownKindIsRefused() {
        #expect(throws: DecodingError.self) { try SRMFrameCoding.decode(SRMAgentFrame.self, from: #"{"type":"shell","command":"rm -rf /"}"#) }
    }

    @Test func oversizedFrameIsRefusedBeforeDecoding() {
        let padding = String(repeating: "x", count: SRMFrameCoding.maximumBytes)
        #expect(throws: DecodingError.self) { try SRMFrameCoding.decode(SRMAgentFrame.self, from: #"{"type":"status","pad":""# + padding + #""}"#) }
    }

    @Test func statusColoursAreTheManuals() {
        #expect(SRMStatus.allCases.map(\.colour) == ["blue", "yellow", "red"])
    }
}
