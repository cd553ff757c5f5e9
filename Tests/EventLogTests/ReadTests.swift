import Foundation
import Testing
@testable import EventLog

@Suite struct ReadTests {
    /// A family scan hands over exactly the rows of its prefix between its bounds, in order:
    /// not a type that merely begins with the same letters ("calls.", "callx"), nor the prefix
    /// alone's neighbours, nor a row past `through`.
    @Test func familyScanKeepsOnlyItsPrefixWithinItsBounds() async throws {
        let directory = try TemporaryDirectory()
        let log = try EventLog.open(path: directory.databasePath)
        let types = ["call.started", "user.created", "calls.made", "call.ended", "callx", "call/", "call-x", "registration.bound"]
        for round in 0..<5 {
            _ = try await log.append(AppendRequest(events: types.map { proposed("s/\(round)/\($0)", type: $0, payload: #"{"r":\#(round)}"#) }))
        }
        var seen: [String] = []
        let last = try log.scan(after: 3, through: 36, typePrefix: "call.") { row in
            seen.append("\(row.position) \(String(decoding: row.type, as: UTF8.self))")
        }
        var expected: [String] = []
        try log.scan(after: 3) { row in
            let type = String(decoding: row.type, as: UTF8.self)
            if row.position <= 36, type.hasPrefix("call.") { expected.append("\(row.position) \(type)") }
        }
        #expect(seen == expected)
        #expect(seen.count == 9)
        #expect(last == 36)
        #expect(try log.scan(after: 36, through: 36, typePrefix: "call.") { _ in Issue.record("nothing in an empty range") } == 36)
        await log.close()
    }

    /// 60 events, one every minute of virtual time, over 3 streams, 4 types and 2 actors.
    private func populated(_ directory: TemporaryDirectory) async throws -> EventLog {
        let clock = VirtualWallClock(startingAt: epoch)
        let log = try EventLog.open(path: directory.databasePath, clock: clock)
        let types = ["user.created", "user.renamed", "userx.odd", "terminal.added"]
        for index in 0..<60 {
            _ = try await log.append(
                request(
                    proposed(
                        "s/\(index % 3)", type: types[index % 4], actor: index % 2 == 0 ? "admin" : "sip:201",
                        payload: #"{"i":\#(index)}"#)))
            clock.advance(byMicroseconds: 60_000_000)
        }
        return log
    }

    @Test func filtersArePushedIntoTheQuery() async throws {
        let directory = try TemporaryDirectory()
        let log = try await populated(directory)
        let all = try log.read(limit: 1_000)
        #expect(all.map(\.position) == Array(1...60))

        func expectSame(_ filter: EventFilter, after: Int64 = 0, limit: Int = 1_000, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let expected = Array(all.filter { $0.position > after && filter.matches($0) }.prefix(limit))
            let actual = try log.read(after: after, limit: limit, filter: filter)
            #expect(actual == expected, sourceLocation: sourceLocation)
            #expect(!expected.isEmpty, "the filter should select something", sourceLocation: sourceLocation)
        }
        try expectSame(EventFilter(stream: "s/1"))
        try expectSame(EventFilter(stream: "s/1"), after: 30, limit: 4)
        try expectSame(EventFilter(typePrefix: "user."))
        try expectSame(EventFilter(typePrefix: "user"))
        try expectSame(EventFilter(typePrefix: "user.created"))
        try expectSame(EventFilter(actor: "sip:201"), after: 11, limit: 5)
        try expectSame(EventFilter(since: epoch + 10 * 60_000_000, until: epoch + 20 * 60_000_000))
        try expectSame(EventFilter(stream: "s/2", typePrefix: "user.", actor: "admin", since: epoch + 5 * 60_000_000))

        // Exact results, not just "same as the in-memory filter".
        #expect(try log.read(filter: EventFilter(typePrefix: "user.")).count == 30)
        #expect(try log.read(filter: EventFilter(typePrefix: "user")).count == 45)
        #expect(try log.read(filter: EventFilter(since: epoch + 10 * 60_000_000, until: epoch + 20 * 60_000_000)).map(\.position) == Array(11...20))
        #expect(try log.read(filter: EventFilter(typePrefix: "nothing")).isEmpty)
        #expect(try log.read(filter: EventFilter(typePrefix: "user%")).isEmpty, "LIKE wildcards are not special")
        #expect(try log.read(after: 58, limit: 10).map(\.position) == [59, 60])
        #expect(try log.read(limit: 0).isEmpty)
        await log.close()
    }

    /// More distinct types under a prefix than the merge handles, and a prefix that is also a
    /// complete type: both paths must agree with the in-memory filter.
    @Test func typePrefixWithManyTypes() async throws {
        let directory = try TemporaryDirectory()
        let log = try EventLog.open(path: directory.databasePath)
        for round in 0..<3 {
            _ = try await log.append(AppendRequest(events: (0..<40).map { proposed(type: "t.\(($0 * 7 + round) % 40)") }))
        }
        _ = try await log.append(request(proposed(type: "t"), proposed(type: "u.1")))
        let all = try log.read(limit: 1_000)
        for prefix in ["t.", "t.1", "t.3", "t", "t.39", "u"] {
            for after in [0, 17, 90] as [Int64] {
                let expected = Array(all.filter { $0.position > after && $0.type.hasPrefix(prefix) }.prefix(25))
                #expect(try log.read(after: after, limit: 25, filter: EventFilter(typePrefix: prefix)) == expected, "prefix \(prefix) after \(after)")
            }
        }
        #expect(try log.read(filter: EventFilter(typePrefix: "t.")).count == 120)
        await log.close()
    }

    /// `at` never goes backwards along the log, so time ranges stay position ranges.
    @Test func atNeverDecreasesWhenTheClockStepsBack() async throws {
        let directory = try TemporaryDirectory()
        let clock = VirtualWallClock(startingAt: epoch)
        let log = try EventLog.open(path: directory.databasePath, clock: clock)
        _ = try await log.append(request(proposed()))
        clock.set(epoch - 1_000_000)
        _ = try await log.append(request(proposed()))
        clock.set(epoch + 5)
        _ = try await log.append(request(proposed()))
        #expect(try log.read().map(\.at) == [epoch, epoch, epoch + 5])
        #expect(try log.read(filter: EventFilter(since: epoch, until: epoch + 1)).map(\.position) == [1, 2])
        await log.close()

        // Also across a reopen: the writer starts from the last stored time.
        clock.set(epoch - 10)
        let reopened = try EventLog.open(path: directory.databasePath, clock: clock)
        _ = try await reopened.append(request(proposed()))
        #expect(try reopened.event(at: 4)?.at == epoch + 5)
        await reopened.close()
    }

    @Test func typePrefixSuccessor() {
        #expect(EventQuery.successor(of: "user.") == Array("user/".utf8))
        #expect(EventQuery.successor(of: "a\u{7F}") == [0x61, 0x80])
        #expect(EventQuery.successor(of: "é") == [0xC3, 0xAA])
    }

    @Test func scanHandsOutRawRowsInOrder() async throws {
        let directory = try TemporaryDirectory()
        let log = try await populated(directory)
        var seen: [(Int64, Int, String, String, String)] = []
        let last = try log.scan(after: 10, limit: 5) { row in
            seen.append(
                (
                    row.position, row.schema, String(decoding: row.type, as: UTF8.self),
                    String(decoding: row.stream, as: UTF8.self), String(decoding: row.payload, as: UTF8.self)
                ))
        }
        #expect(last == 15)
        #expect(seen.map(\.0) == [11, 12, 13, 14, 15])
        #expect(seen[0].1 == 1)
        #expect(seen[0].2 == "userx.odd")
        #expect(seen[0].3 == "s/1")
        #expect(seen[0].4 == #"{"i":10}"#)

        var count = 0
        #expect(try log.scan(after: 0) { _ in count += 1 } == 60)
        #expect(count == 60)
        #expect(try log.scan(after: 60) { _ in Issue.record("nothing after the head") } == 60)
        await log.close()
    }
}
