import Domain
import Synchronization
import Testing

@testable import Connectors

/// Issue 19, point 1: "Connection to IP remote management (SRM) failed" is raised once per
/// outage with the cause it began with (Tab. 24: 1 connection attempt, 2 authentication, 3
/// upload rejected) and again only when the cause changes; "restored" once, when the SRM server
/// welcomes the system after a failure.
@Suite struct SRMConnectionReportTests {
    final class Raised: Sendable {
        let requests = Mutex<[EventMessageRequest]>([])
        var summary: [String] { requests.withLock { $0.map { $0.type + ($0.parameters["cause"].map { " " + $0 } ?? "") } } }
    }

    static func report(_ raised: Raised, active: SRMConnectionCause? = nil) -> SRMConnectionReport {
        // The state never catches up here: only the report's own memory prevents repeats.
        SRMConnectionReport(raise: { request in raised.requests.withLock { $0.append(request) } }, activeFailure: { .some(active) }, now: { 7 })
    }

    @Test("every reconnection attempt of one outage raises one failure; a new cause raises again; the welcome restores once")
    func oncePerOutage() {
        let raised = Raised()
        let report = Self.report(raised)
        report.restored()
        for _ in 1...5 { report.failed(.connectionAttemptFailed) }
        report.failed(.authenticationFailed)
        report.failed(.authenticationFailed)
        report.restored()
        report.restored()
        report.failed(.uploadRejected)
        #expect(
            raised.summary == [
                "srm_connection_failed 1", "srm_connection_failed 2", "srm_connection_restored", "srm_connection_failed 3",
            ])
        #expect(raised.requests.withLock { $0.allSatisfy { $0.at == 7 } })
    }

    @Test("a failure the log still shows open after a restart is not raised again, and the first welcome restores it")
    func afterRestart() {
        let raised = Raised()
        let report = Self.report(raised, active: .connectionAttemptFailed)
        report.failed(.connectionAttemptFailed)
        report.restored()
        #expect(raised.summary == ["srm_connection_restored"])
    }

    @Test("the active failure's cause is read from the state")
    func activeFailureFromState() throws {
        var state = SystemState()
        #expect(SRMConnectionReport.activeFailure(in: state.eventMessages) == .some(nil))
        let sealing = try SecretBox(key: SecretBox.generateKey())
        let raise = Command.raiseEventMessage(EventMessageRequest(type: "srm_connection_failed", parameters: ["cause": "2"], at: 1))
        for event in try state.decide(raise, sealing: sealing) { state.apply(event) }
        #expect(SRMConnectionReport.activeFailure(in: state.eventMessages) == .some(.authenticationFailed))
    }
}
