import AdminModels
import ControlPlane
import Domain
import EventLog
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `GET /api/v1/calls` over a fixed fold standing in for the call projection, and
/// `GET /api/v1/calls/history` over call facts appended to the fixture's real log.
@Suite struct CallRouteTests {
    static let t0: Int64 = 1_767_225_600_000_000
    static let second: Int64 = 1_000_000

    static func decode<T: Decodable>(_ type: T.Type, _ buffer: ByteBuffer) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
    }

    /// Two calls open: 201 → 202 answered 10 s after t0, and an anonymous emergency call still
    /// ringing; one more started and ended.
    static var fold: ActiveCalls {
        var calls = ActiveCalls()
        calls.apply(
            .started(
                CallStart(
                    callID: "b-call", caller: nil, callerTerminal: 7, callerSource: "192.0.2.7:5060", dialled: "112", callee: "100", kind: .emergency,
                    at: t0 + 5 * second)))
        calls.apply(
            .started(
                CallStart(
                    callID: "a-call", caller: "201", callerTerminal: 1, callerSource: "192.0.2.1:5060", dialled: "202", callee: "202", kind: .internal, at: t0))
        )
        calls.apply(.answered(CallAnswer(callID: "a-call", terminal: 2, contact: "sip:b@192.0.2.2:5062", at: t0 + 10 * second)))
        calls.apply(
            .started(CallStart(callID: "c-call", caller: "203", callerTerminal: 3, callerSource: "s", dialled: "201", callee: "201", kind: .internal, at: t0)))
        calls.apply(.ended(CallEnd(callID: "c-call", cause: .busy, endedBy: .system, durationMs: 0, terminals: [3], at: t0)))
        return calls
    }

    @Test func theOpenCallsAreListedOldestFirstWithTheTotals() async throws {
        let clock = VirtualWallClock(startingAt: Self.t0 + 75 * Self.second)
        let fixture = try AdminAPIFixture(clock: clock, activeCalls: { Self.fold })
        let auth = try await AdminRouterTests.authorization(fixture)
        let app = Application(router: fixture.api.makeRouter())
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/calls", method: .get, headers: auth) { response in
                #expect(response.status == .ok)
                let list = try Self.decode(ActiveCallList.self, response.body)
                #expect(list.startedTotal == 3 && list.answeredTotal == 1 && list.endedTotal == 1)
                #expect(list.calls.map(\.callID) == ["a-call", "b-call"])
                #expect(
                    list.calls[0]
                        == ActiveCallView(
                            callID: "a-call", kind: "internal", caller: "201", callerTerminal: 1, callerSource: "192.0.2.1:5060", dialled: "202", callee: "202",
                            state: "answered", startedAt: "2026-01-01T00:00:00.000000Z", answeredAt: "2026-01-01T00:00:10.000000Z", answeringTerminal: 2,
                            contact: "sip:b@192.0.2.2:5062", durationSeconds: 65))
                #expect(list.calls[1].state == "ringing" && list.calls[1].durationSeconds == 0 && list.calls[1].caller == nil)
                #expect(list.calls[1].kind == "emergency")
            }
            try await client.execute(uri: "/api/v1/calls?user=202", method: .get, headers: auth) { response in
                let ids = try Self.decode(ActiveCallList.self, response.body).calls.map(\.callID)
                #expect(ids == ["a-call"])
            }
            try await client.execute(uri: "/api/v1/calls?user=100", method: .get, headers: auth) { response in
                let ids = try Self.decode(ActiveCallList.self, response.body).calls.map(\.callID)
                #expect(ids == ["b-call"])
            }
            try await client.execute(uri: "/api/v1/capacity", method: .get, headers: auth) { response in
                let limits = try Self.decode(CapacityList.self, response.body).limits
                #expect(limits.first { $0.limit == "simultaneous_calls" }?.used == 2)
            }
        }
        await fixture.tearDown()
    }

    @Test func theHistoryJoinsEachEndWithItsStartAndAnswerAndChecksItsParameters() async throws {
        let clock = VirtualWallClock(startingAt: Self.t0)
        let fixture = try AdminAPIFixture(clock: clock)
        let auth = try await AdminRouterTests.authorization(fixture)
        let appender = FactAppender(log: fixture.log, families: [ActiveCalls.family])
        func append(_ fact: CallFact) async throws {
            _ = try await appender.append([ProposedEvent(stream: fact.stream, type: fact.type, actor: "system", source: "test", payload: fact.payload)])
        }
        try await append(
            .started(
                CallStart(
                    callID: "one", caller: "201", callerTerminal: 1, callerSource: "192.0.2.1:5060", dialled: "202", callee: "202", kind: .internal, at: Self.t0
                )))
        try await append(.answered(CallAnswer(callID: "one", terminal: 2, contact: "sip:b@192.0.2.2", at: Self.t0 + 2 * Self.second)))
        try await append(
            .started(
                CallStart(
                    callID: "two", caller: "203", callerTerminal: 3, callerSource: "192.0.2.3:5060", dialled: "201", callee: "201", kind: .internal, at: Self.t0
                )))
        try await append(.ended(CallEnd(callID: "two", cause: .busy, endedBy: .system, durationMs: 0, terminals: [1, 3], at: Self.t0 + 3 * Self.second)))
        // `from` and `to` bound when an end was recorded: the log's own time (the fixture's log
        // runs on the system clock), a little apart for the two ends.
        try await Task.sleep(for: .milliseconds(3))
        try await append(
            .ended(CallEnd(callID: "one", cause: .normal, endedBy: .callee, durationMs: 30_000, terminals: [1, 2], at: Self.t0 + 32 * Self.second)))
        let oneEnd = try #require(try fixture.log.event(at: fixture.log.head)).at
        let app = Application(router: fixture.api.makeRouter())
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/calls/history", method: .get, headers: auth) { response in
                #expect(response.status == .ok)
                let page = try Self.decode(CallHistoryView.self, response.body)
                #expect(page.next == nil)
                #expect(page.calls.map(\.callID) == ["one", "two"])
                let one = page.calls[0]
                #expect(one.caller == "201" && one.callee == "202" && one.dialled == "202" && one.kind == "internal")
                #expect(one.startedAt == "2026-01-01T00:00:00.000000Z" && one.answeredAt == "2026-01-01T00:00:02.000000Z")
                #expect(one.endedAt == "2026-01-01T00:00:32.000000Z" && one.cause == "normal" && one.endedBy == "callee")
                #expect(one.durationMs == 30_000 && one.terminals == [1, 2] && one.answeringTerminal == 2)
                #expect(page.calls[1].answeredAt == nil && page.calls[1].cause == "busy")
                #expect(AdminRouterTests.json(response.body).keys.sorted() == ["calls", "next"])
            }
            for (query, ids) in [
                ("?user=203", ["two"]), ("?user=202", ["one"]), ("?cause=busy", ["two"]), ("?cause=restart", []), ("?limit=1", ["one"]),
                ("?to=\(oneEnd)", ["two"]), ("?from=\(oneEnd)", ["one"]), ("?from=2026-01-01T00:00:10Z&to=2026-01-01T00:00:11Z", []),
            ] {
                try await client.execute(uri: "/api/v1/calls/history" + query, method: .get, headers: auth) { response in
                    #expect(response.status == .ok, "\(query)")
                    let found = try Self.decode(CallHistoryView.self, response.body).calls.map(\.callID)
                    #expect(found == ids, "\(query)")
                }
            }
            // A full page names where the next one starts.
            var next: Int64?
            try await client.execute(uri: "/api/v1/calls/history?limit=1", method: .get, headers: auth) { response in
                next = try Self.decode(CallHistoryView.self, response.body).next
            }
            try await client.execute(uri: "/api/v1/calls/history?limit=1&before=\(try #require(next))", method: .get, headers: auth) { response in
                let ids = try Self.decode(CallHistoryView.self, response.body).calls.map(\.callID)
                #expect(ids == ["two"])
            }
            for (query, parameter) in [
                ("?cause=hangup", "cause"), ("?limit=0", "limit"), ("?limit=1001", "limit"), ("?before=0", "before"), ("?before=x", "before"),
                ("?from=yesterday", "from"), ("?to=2026-13-01T00:00:00Z", "to"),
            ] {
                try await client.execute(uri: "/api/v1/calls/history" + query, method: .get, headers: auth) { response in
                    #expect(response.status == .unprocessableContent, "\(query)")
                    let error = AdminRouterTests.json(response.body)
                    #expect(error["code"] as? String == "invalid_parameter", "\(query)")
                    #expect((error["details"] as? [String: Any])?["parameter"] as? String == parameter, "\(query)")
                }
            }
            // The right is the registrations view's: no session, no calls.
            try await client.execute(uri: "/api/v1/calls", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/api/v1/calls/history", method: .get) { #expect($0.status == .unauthorized) }
        }
        await fixture.tearDown()
    }
}
