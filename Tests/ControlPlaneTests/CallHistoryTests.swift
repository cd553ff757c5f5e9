import ControlPlane
import Domain
import EventLog
import Foundation
import Testing

/// The call history read from the log: each end joined with its start and answer, newest first,
/// filtered by user, cause and time, paged by position — and the same whatever the page size.
@Suite struct CallHistoryTests {
    static let t0: Int64 = 1_767_225_600_000_000
    static let minute: Int64 = 60_000_000

    /// Call `i` starts at minute 2i from user 20(i % 3) to 30(i % 2), is answered when `i` is
    /// even, and ends a minute after it started: busy when `i % 4 == 1`, otherwise normal (or
    /// noAnswer if never answered). Calls 5 and 6 overlap, so ends are not in start order.
    static func populate(_ log: EventLog, clock: VirtualWallClock, calls: Int) async throws {
        let appender = FactAppender(log: log, families: [ActiveCalls.family])
        func append(_ fact: CallFact) async throws {
            _ = try await appender.append([ProposedEvent(stream: fact.stream, type: fact.type, actor: "system", source: "test", payload: fact.payload)])
        }
        for i in 0..<calls {
            clock.set(t0 + Int64(2 * i) * minute)
            let id = "call-\(i)"
            try await append(
                .started(
                    CallStart(
                        callID: id, caller: "20\(i % 3)", callerTerminal: i, callerSource: "192.0.2.\(i):5060", dialled: "30\(i % 2)", callee: "30\(i % 2)",
                        kind: .internal, at: clock.now())))
            if i % 2 == 0 {
                try await append(.answered(CallAnswer(callID: id, terminal: 100 + i, contact: "sip:x@192.0.2.200", at: clock.now() + 1_000_000)))
            }
            if i == 5 { continue }
            clock.set(t0 + Int64(2 * i + 1) * minute)
            let cause: CallEndCause = i % 4 == 1 ? .busy : i % 2 == 0 ? .normal : .noAnswer
            try await append(
                .ended(CallEnd(callID: id, cause: cause, endedBy: .caller, durationMs: i % 2 == 0 ? 59_000 : 0, terminals: [i], at: clock.now())))
            if i == 6 {
                try await append(.ended(CallEnd(callID: "call-5", cause: .busy, endedBy: .system, durationMs: 0, terminals: [5], at: clock.now())))
            }
        }
    }

    @Test func pagesJoinStartAnswerAndEndNewestFirstUnderEveryFilter() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("callplane-history-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = VirtualWallClock(startingAt: Self.t0)
        let log = try EventLog.open(path: directory.appendingPathComponent("callplane.sqlite").path, clock: clock)
        try await Self.populate(log, clock: clock, calls: 30)
        let history = CallHistory(log: log)

        let everything = try history.page(CallHistoryQuery(limit: 1000))
        #expect(everything.next == nil)
        #expect(everything.records.count == 30)
        #expect(everything.records.prefix(4).map(\.end.callID) == ["call-29", "call-28", "call-27", "call-26"])
        #expect(everything.records.map(\.position) == everything.records.map(\.position).sorted(by: >))
        let sixIndex = try #require(everything.records.firstIndex { $0.end.callID == "call-6" })
        #expect(everything.records[sixIndex - 1].end.callID == "call-5", "ordered by end (call 5 ended after call 6), not by start")
        let four = try #require(everything.records.first { $0.end.callID == "call-4" })
        #expect(four.start?.caller == "201" && four.start?.callee == "300" && four.start?.callerSource == "192.0.2.4:5060")
        #expect(four.answer?.terminal == 104 && four.end.cause == .normal && four.end.durationMs == 59_000)
        #expect(everything.records.first { $0.end.callID == "call-3" }?.answer == nil)

        // Paging with `next` gives the same records, whatever the page size and the filter.
        let queries: [CallHistoryQuery] = [
            CallHistoryQuery(), CallHistoryQuery(user: "201"), CallHistoryQuery(user: "300"), CallHistoryQuery(cause: .busy),
            CallHistoryQuery(user: "202", cause: .noAnswer), CallHistoryQuery(since: Self.t0 + 20 * Self.minute, until: Self.t0 + 41 * Self.minute),
            CallHistoryQuery(since: Self.t0 + 20 * Self.minute, user: "200"), CallHistoryQuery(user: "999"),
        ]
        for query in queries {
            let expected = everything.records.filter { record in
                (query.user.map { record.involves(user: $0) } ?? true) && (query.cause.map { record.end.cause == $0 } ?? true)
                    && (query.since.map { record.end.at >= $0 } ?? true) && (query.until.map { record.end.at < $0 } ?? true)
            }
            for limit in [1, 3, 1000] {
                var collected: [CallDetailRecord] = []
                var page = query
                page.limit = limit
                var pages = 0
                while true {
                    let result = try history.page(page)
                    #expect(result.records.count <= limit)
                    collected += result.records
                    pages += 1
                    guard let next = result.next, pages < 100 else { break }
                    page.before = next
                }
                #expect(collected == expected, "\(query) limit \(limit)")
            }
        }
        #expect(try history.page(CallHistoryQuery(cause: .busy)).records.allSatisfy { $0.end.cause == .busy })
        #expect(try history.page(CallHistoryQuery(user: "999")).records.isEmpty)
        await log.close()
    }
}
