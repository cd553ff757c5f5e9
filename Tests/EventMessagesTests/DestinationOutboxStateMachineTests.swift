import Testing

@testable import EventMessages

/// The retry rule of manual §6.3.1.3 as a table: each row is a history of rounds and what the
/// outbox must do next (issue 14, point 7 — the rule had only one engine scenario).
@Suite struct DestinationOutboxStateMachineTests {
    typealias Machine = DestinationOutbox.StateMachine
    static let minute: Int64 = 60_000_000
    static let refused = DeliveryFailure(.notAvailable, "connection refused")

    enum Step {
        case fail(atMinute: Int64)
        case deliver(atMinute: Int64)
    }

    struct Row: CustomTestStringConvertible {
        var name: String
        var failingSince: Int64? = nil
        var steps: [Step]
        /// What each step returns: true when it starts (fail) or ends (deliver) an outage.
        var reports: [Bool]
        var reachable: Bool
        var attempts: Int
        var intervalMinutes: Int64
        /// nil: no round is scheduled (send as soon as something waits).
        var nextRoundAtMinute: Int64?
        var since: Int64? = nil

        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(
            name: "fresh: reachable, 5 attempts, nothing scheduled", steps: [], reports: [], reachable: true, attempts: 5, intervalMinutes: 5,
            nextRoundAtMinute: nil),
        Row(
            name: "a failed round starts the outage, reports it, next round 5 min later", steps: [.fail(atMinute: 10)], reports: [true],
            reachable: false, attempts: 5, intervalMinutes: 5, nextRoundAtMinute: 15, since: 10),
        Row(
            name: "later failures within the hour report nothing new and keep 5 min",
            steps: [.fail(atMinute: 0), .fail(atMinute: 5), .fail(atMinute: 59)], reports: [true, false, false],
            reachable: false, attempts: 5, intervalMinutes: 5, nextRoundAtMinute: 64, since: 0),
        Row(
            name: "a failure an hour after the start switches to 4 h and 2 attempts",
            steps: [.fail(atMinute: 0), .fail(atMinute: 60)], reports: [true, false],
            reachable: false, attempts: 2, intervalMinutes: 240, nextRoundAtMinute: 300, since: 0),
        Row(
            name: "a success ends the outage, reports it and restores 5 min and 5 attempts",
            steps: [.fail(atMinute: 0), .fail(atMinute: 60), .deliver(atMinute: 300)], reports: [true, false, true],
            reachable: true, attempts: 5, intervalMinutes: 5, nextRoundAtMinute: nil),
        Row(
            name: "a success while reachable reports nothing", steps: [.deliver(atMinute: 1), .deliver(atMinute: 2)], reports: [false, false],
            reachable: true, attempts: 5, intervalMinutes: 5, nextRoundAtMinute: nil),
        Row(
            name: "after a restart mid-outage the first failure reports nothing again and the hour counts from the real start",
            failingSince: -50 * minute, steps: [.fail(atMinute: 10)], reports: [false],
            reachable: false, attempts: 2, intervalMinutes: 240, nextRoundAtMinute: 250, since: -50),
        Row(
            name: "after a restart mid-outage a success reports the recovery", failingSince: 0, steps: [.deliver(atMinute: 3)], reports: [true],
            reachable: true, attempts: 5, intervalMinutes: 5, nextRoundAtMinute: nil),
        Row(
            name: "an outage that ends and begins again counts its hour afresh",
            steps: [.fail(atMinute: 0), .fail(atMinute: 61), .deliver(atMinute: 62), .fail(atMinute: 100), .fail(atMinute: 130)],
            reports: [true, false, true, true, false], reachable: false, attempts: 5, intervalMinutes: 5, nextRoundAtMinute: 135, since: 100),
    ]

    @Test("the retry rule, row by row", arguments: rows)
    func row(_ row: Row) {
        var machine = Machine(failingSince: row.failingSince)
        #expect(machine.nextRoundAt == 0, "a restart's first round comes at once")
        var reports: [Bool] = []
        for step in row.steps {
            switch step {
            case .fail(let minute): reports.append(machine.roundFailed(at: minute * Self.minute, Self.refused))
            case .deliver(let minute): reports.append(machine.delivered(at: minute * Self.minute))
            }
        }
        #expect(reports == row.reports)
        #expect(machine.isReachable == row.reachable)
        #expect(machine.attempts == row.attempts)
        #expect(machine.interval == row.intervalMinutes * Self.minute)
        #expect(machine.nextRoundAt == (row.nextRoundAtMinute.map { $0 * Self.minute } ?? 0))
        if let since = row.since {
            #expect(machine.state == .failing(since: since * Self.minute, last: Self.refused))
        } else {
            #expect(machine.state == .reachable)
        }
    }

    @Test("a round is due on the retry schedule, and a batch not before its oldest message has waited one interval")
    func roundDue() {
        var machine = Machine(failingSince: nil)
        #expect(machine.roundDue(oldestWaitingAt: nil, batched: true) == 0, "nothing waits: at once")
        #expect(machine.roundDue(oldestWaitingAt: 3 * Self.minute, batched: false) == 0, "unbatched: at once")
        #expect(machine.roundDue(oldestWaitingAt: 3 * Self.minute, batched: true) == 8 * Self.minute)
        _ = machine.roundFailed(at: 10 * Self.minute, Self.refused)
        #expect(machine.roundDue(oldestWaitingAt: 3 * Self.minute, batched: true) == 15 * Self.minute, "the retry comes later")
        #expect(machine.roundDue(oldestWaitingAt: 12 * Self.minute, batched: true) == 17 * Self.minute, "the batch comes later")
        #expect(machine.roundDue(oldestWaitingAt: 12 * Self.minute, batched: false) == 15 * Self.minute)
    }

    @Test("a failure keeps the outage's start and records the latest error")
    func latestError() {
        var machine = Machine(failingSince: nil)
        _ = machine.roundFailed(at: 0, Self.refused)
        let timeout = DeliveryFailure(.busy, "timed out")
        _ = machine.roundFailed(at: Self.minute, timeout)
        #expect(machine.state == .failing(since: 0, last: timeout))
        _ = machine.delivered(at: 2 * Self.minute)
        #expect(machine.lastSuccessAt == 2 * Self.minute)
    }
}
