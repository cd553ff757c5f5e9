import Domain
import Synchronization
import Testing

@testable import Connectors

/// Issue 17, point 2: the e-mail outcome messages are raised on changes only — once for all
/// e-mail destinations and all attempts of a round, whatever the pipeline's delay.
@Suite struct EmailOutcomeReportTests {
    final class Raised: Sendable {
        let requests = Mutex<[EventMessageRequest]>([])
        var summary: [String] { requests.withLock { $0.map { $0.type + " " + ($0.parameters["causeAction"] ?? "") } } }
    }

    static func report(_ raised: Raised, active: String? = nil) -> EmailOutcomeReport {
        // The state never catches up here: only the report's own memory prevents repeats.
        EmailOutcomeReport(raise: { request in raised.requests.withLock { $0.append(request) } }, activeFailure: { active }, now: { 1 })
    }

    @Test("a failure is raised once per code, its recovery once, and a new failure after it again")
    func changesOnly() {
        let raised = Raised()
        let report = Self.report(raised)
        report.succeeded()
        report.failed(reason: 4, action: 12)
        report.failed(reason: 4, action: 12)
        report.failed(reason: 3, action: 1)
        report.succeeded()
        report.succeeded()
        report.failed(reason: 14, action: 5)
        #expect(raised.summary == ["send_email_failed 0412", "send_email_failed 0301", "email_successfully_sent 0000", "send_email_failed 1405"])
        #expect(raised.requests.withLock { $0[0].parameters } == ["causeAction": "0412", "emailClient": "4", "additionalInfo": ""])
    }

    @Test("a failure the log still shows open after a restart is closed by the first success, and not raised again")
    func afterRestart() {
        let raised = Raised()
        let report = Self.report(raised, active: "0301")
        report.failed(reason: 3, action: 1)
        report.succeeded()
        #expect(raised.summary == ["email_successfully_sent 0000"])
    }
}
