import ControlPlane
import Domain
import EventLog
import Foundation
import Logging
import Testing

@testable import Telephony

/// Issue 15, point 4: the recorder writes each call's facts in order on its stream, refuses what
/// would break a record, and the next start closes what a run left open — with the chain intact.
@Suite struct CallRecorderTests {
    static let t0: Int64 = 1_767_225_600_000_000
    static let second: Int64 = 1_000_000

    /// A fresh log on a virtual clock in its own directory.
    struct Fixture {
        let directory: URL
        let clock = VirtualWallClock(startingAt: CallRecorderTests.t0)
        var path: String { directory.appendingPathComponent("callplane.sqlite").path }

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("callplane-calls-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }

        func open() throws -> (EventLog, CallRecorder) {
            let log = try EventLog.open(path: path, clock: clock)
            let facts = FactAppender(log: log, families: [ActiveRegistrations.family, ActiveCalls.family])
            return (log, CallRecorder(facts: facts, clock: clock, logger: Logger(label: "test")))
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    static func facts(_ log: EventLog, _ callID: String) throws -> [(EventEnvelope, CallFact)] {
        try log.read(after: 0, limit: 100, filter: EventFilter(stream: CallFact.stream(of: callID))).map { envelope in
            (envelope, try #require(try CallFact.decode(type: envelope.type, payload: envelope.payload)))
        }
    }

    @Test func aCallIsStartedAnsweredAndEndedOnItsOwnStreamWithItsDuration() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let (log, recorder) = try fixture.open()
        let id = CallRecorder.makeCallID()
        #expect(UUID(uuidString: id) != nil)
        _ = recorder.started(callID: id, caller: "201", callerTerminal: 1, callerSource: "192.0.2.1:5060", dialled: "202", callee: "202", kind: .internal)
        fixture.clock.advance(byMicroseconds: 4 * Self.second)
        _ = recorder.answered(callID: id, terminal: 3, contact: "sip:b@192.0.2.2:5062")
        #expect(recorder.openCount == 1)
        fixture.clock.advance(byMicroseconds: 61 * Self.second + 500_000)
        let ticket = try #require(recorder.ended(callID: id, cause: .normal, endedBy: .caller, terminals: [3, 2]))
        _ = try await ticket.result()
        #expect(recorder.openCount == 0)

        let stored = try Self.facts(log, id)
        #expect(stored.map(\.0.type) == ["call.started", "call.answered", "call.ended"])
        #expect(stored.map(\.0.version) == [1, 2, 3])
        #expect(stored.map(\.0.actor) == ["sip:201", "sip:202", "sip:201"])
        #expect(stored.allSatisfy { $0.0.correlation == UUID(uuidString: id) })
        guard case .ended(let end) = stored[2].1 else {
            Issue.record("no end")
            return
        }
        #expect(end == CallEnd(callID: id, cause: .normal, endedBy: .caller, durationMs: 61_500, terminals: [1, 2, 3], at: Self.t0 + 65_500_000))
        await log.close()
    }

    @Test func whatWouldBreakACallsRecordIsNotWritten() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let (log, recorder) = try fixture.open()
        #expect(recorder.answered(callID: "never-started", terminal: 1, contact: "c") == nil)
        #expect(recorder.ended(callID: "never-started", cause: .normal, endedBy: .caller) == nil)
        #expect(recorder.started(callID: "", caller: nil, callerTerminal: nil, callerSource: "s", dialled: "1", callee: nil, kind: .internal) == nil)
        let id = CallRecorder.makeCallID()
        #expect(recorder.started(callID: id, caller: nil, callerTerminal: nil, callerSource: "s", dialled: "1", callee: nil, kind: .internal) != nil)
        #expect(recorder.started(callID: id, caller: nil, callerTerminal: nil, callerSource: "s", dialled: "1", callee: nil, kind: .internal) == nil)
        #expect(recorder.answered(callID: id, terminal: 1, contact: "c") != nil)
        #expect(recorder.answered(callID: id, terminal: 2, contact: "d") == nil, "one answer wins")
        let end = try #require(recorder.ended(callID: id, cause: .busy, endedBy: .system))
        #expect(recorder.ended(callID: id, cause: .normal, endedBy: .caller) == nil, "ended once")
        _ = try await end.result()
        #expect(try Self.facts(log, id).map(\.0.type) == ["call.started", "call.answered", "call.ended"])
        #expect(log.head == 3)
        await log.close()
    }

    /// Many calls from many tasks: each call's facts still come in order.
    @Test func concurrentCallsKeepEachCallsOrder() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let (log, recorder) = try fixture.open()
        let ids = (0..<64).map { _ in CallRecorder.makeCallID() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, id) in ids.enumerated() {
                group.addTask {
                    _ = recorder.started(
                        callID: id, caller: "2\(index % 10)", callerTerminal: index, callerSource: "s", dialled: "300", callee: "300", kind: .internal)
                    await Task.yield()
                    if index % 2 == 0 { _ = recorder.answered(callID: id, terminal: 100 + index, contact: "c") }
                    await Task.yield()
                    let end = recorder.ended(callID: id, cause: index % 2 == 0 ? .normal : .noAnswer, endedBy: .caller)
                    _ = try await end?.result()
                }
            }
            try await group.waitForAll()
        }
        for (index, id) in ids.enumerated() {
            let types = try Self.facts(log, id).map(\.0.type)
            #expect(types == (index % 2 == 0 ? ["call.started", "call.answered", "call.ended"] : ["call.started", "call.ended"]))
        }
        let fold = try FactProjection<ActiveCalls>(log: log, snapshotInterval: 0, logger: Logger(label: "test")).current.fold
        #expect(fold.count == 0 && fold.startedTotal == 64 && fold.answeredTotal == 32 && fold.endedTotal == 64)
        await log.close()
    }

    /// The "kill -9 during active calls" case without the process: facts left open in one run's
    /// log are closed at the next start, once, at the time of that run's last event.
    @Test func theNextStartClosesTheCallsARunLeftOpen() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        var (log, recorder) = try fixture.open()
        let answered = CallRecorder.makeCallID(), ringing = CallRecorder.makeCallID(), finished = CallRecorder.makeCallID()
        _ = recorder.started(callID: answered, caller: "201", callerTerminal: 1, callerSource: "192.0.2.1:5060", dialled: "202", callee: "202", kind: .internal)
        _ = recorder.started(callID: finished, caller: "203", callerTerminal: 3, callerSource: "192.0.2.3:5060", dialled: "201", callee: "201", kind: .internal)
        fixture.clock.advance(byMicroseconds: 2 * Self.second)
        _ = recorder.answered(callID: answered, terminal: 2, contact: "sip:b@192.0.2.2")
        _ = recorder.answered(callID: finished, terminal: 4, contact: "sip:a@192.0.2.4")
        fixture.clock.advance(byMicroseconds: 10 * Self.second)
        _ = recorder.ended(callID: finished, cause: .normal, endedBy: .callee)
        fixture.clock.advance(byMicroseconds: 5 * Self.second)
        _ = try await recorder.started(
            callID: ringing, caller: nil, callerTerminal: 5, callerSource: "192.0.2.5:5060", dialled: "112", callee: "100", kind: .emergency)!.result()
        let lastAlive = Self.t0 + 17 * Self.second
        #expect(try log.event(at: log.head)?.at == lastAlive)
        await log.close()

        // The server was down for an hour.
        fixture.clock.advance(byMicroseconds: 3600 * Self.second)
        (log, recorder) = try fixture.open()
        let projection = try FactProjection<ActiveCalls>(log: log, snapshotInterval: 0, logger: Logger(label: "test"))
        #expect(Set(projection.current.fold.calls.keys) == [answered, ringing])
        let head = log.head
        let closed = try await recorder.closeOpenCalls(projection.current.fold, lastAlive: try #require(try log.event(at: projection.position)).at)
        #expect(closed == 2 && log.head == head + 2)

        let answeredEnd = try #require(try Self.facts(log, answered).last)
        #expect(answeredEnd.0.actor == "system" && answeredEnd.0.source == "startup")
        #expect(answeredEnd.0.at == Self.t0 + 3617 * Self.second, "recorded at the restart")
        #expect(answeredEnd.1 == .ended(CallEnd(callID: answered, cause: .restart, endedBy: .system, durationMs: 15_000, terminals: [1, 2], at: lastAlive)))
        let ringingEnd = try #require(try Self.facts(log, ringing).last)
        #expect(ringingEnd.1 == .ended(CallEnd(callID: ringing, cause: .restart, endedBy: .system, durationMs: 0, terminals: [5], at: lastAlive)))
        #expect(try Self.facts(log, finished).count == 3, "a call that ended is left alone")
        guard case .intact(_, let verified) = try log.verify() else {
            Issue.record("the chain does not verify after the closure")
            return
        }
        #expect(verified == log.head)
        await log.close()

        // A start after that finds nothing open and appends nothing.
        (log, recorder) = try fixture.open()
        let again = try FactProjection<ActiveCalls>(log: log, snapshotInterval: 0, logger: Logger(label: "test")).current.fold
        #expect(again.count == 0 && again.startedTotal == 3 && again.endedTotal == 3)
        #expect(try await recorder.closeOpenCalls(again, lastAlive: Self.t0) == 0)
        #expect(log.head == head + 2)
        await log.close()
    }
}
