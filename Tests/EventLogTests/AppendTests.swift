import Crypto
import Foundation
import Testing
@testable import EventLog

@Suite struct AppendTests {
    @Test func roundTripOfEveryEnvelopeField() async throws {
        let directory = try TemporaryDirectory()
        let clock = VirtualWallClock(startingAt: epoch + 123)
        let log = try EventLog.open(path: directory.databasePath, clock: clock)
        let id = UUID(), correlation = UUID(), causation = UUID()
        let original = ProposedEvent(
            id: id, stream: "terminal/7", type: "terminal.renamed", schema: 3, actor: "Zoë (admin)",
            source: "192.0.2.10/https", correlation: correlation, causation: causation,
            payload: #"{"name":"Empfang ☎","nested":{"a":[1,2]}}"#)
        let result = try await log.append(request(original))
        #expect(result == AppendResult(positions: [1], versions: [1], isRetry: false))
        clock.advance(byMicroseconds: 10)
        let second = try await log.append(request(proposed("terminal/7", correlation: nil)))
        #expect(second == AppendResult(positions: [2], versions: [2], isRetry: false))

        let events = try log.read()
        #expect(events.count == 2)
        let event = try #require(events.first)
        #expect(event.position == 1)
        #expect(event.id == id)
        #expect(event.stream == "terminal/7")
        #expect(event.version == 1)
        #expect(event.type == "terminal.renamed")
        #expect(event.schema == 3)
        #expect(event.at == epoch + 123)
        #expect(event.actor == "Zoë (admin)")
        #expect(event.source == "192.0.2.10/https")
        #expect(event.correlation == correlation)
        #expect(event.causation == causation)
        #expect(event.payload == #"{"name":"Empfang ☎","nested":{"a":[1,2]}}"#)
        #expect(event.hash.count == 32)
        #expect(events[1].at == epoch + 133)
        #expect(events[1].correlation == nil)
        #expect(events[1].causation == nil)
        #expect(events[1].hash != event.hash)

        #expect(try log.event(at: 1) == event)
        #expect(try log.event(at: 3) == nil)
        #expect(try log.position(ofEventID: id) == 1)
        #expect(try log.position(ofEventID: UUID()) == nil)
        #expect(try log.version(ofStream: "terminal/7") == 2)
        #expect(try log.version(ofStream: "terminal/8") == 0)
        #expect(log.head == 2)
        await log.close()
    }

    /// The stored hash is exactly what EventChain's documentation says, computed here by hand.
    @Test func hashFollowsTheDocumentedEncoding() async throws {
        let directory = try TemporaryDirectory()
        let log = try EventLog.open(path: directory.databasePath, clock: VirtualWallClock(startingAt: epoch))
        let first = proposed("user/1", type: "user.created", actor: "admin", source: "cli", payload: "{}", correlation: UUID())
        let second = proposed("user/1", type: "user.renamed", actor: "sip:201", source: "", payload: #"{"a":"ü"}"#, causation: UUID(), schema: 2)
        _ = try await log.append(request(first, second))

        func i64(_ value: Int64) -> [UInt8] { withUnsafeBytes(of: value.bigEndian) { Array($0) } }
        func str(_ value: String) -> [UInt8] { withUnsafeBytes(of: UInt32(value.utf8.count).bigEndian) { Array($0) } + Array(value.utf8) }
        func uuid(_ value: UUID) -> [UInt8] { withUnsafeBytes(of: value.uuid) { Array($0) } }
        func opt(_ value: UUID?) -> [UInt8] { value.map { [1] + uuid($0) } ?? [0] }
        func expectedHash(previous: [UInt8], position: Int64, version: Int64, _ e: ProposedEvent) -> [UInt8] {
            let bytes: [UInt8] =
                previous + i64(position) + uuid(e.id) + str(e.stream) + i64(version) + str(e.type)
                + i64(Int64(e.schema)) + i64(epoch) + str(e.actor) + str(e.source) + opt(e.correlation) + opt(e.causation) + str(e.payload)
            return Array(SHA256.hash(data: bytes))
        }
        let stored = try log.read()
        let hash1 = expectedHash(previous: [UInt8](repeating: 0, count: 32), position: 1, version: 1, first)
        #expect(stored[0].hash == hash1)
        #expect(stored[1].hash == expectedHash(previous: hash1, position: 2, version: 2, second))
        await log.close()
    }

    @Test func positionsAreGaplessAcrossBatchesAndRefusals() async throws {
        let directory = try TemporaryDirectory()
        let log = try EventLog.open(path: directory.databasePath)
        // Every 3rd request expects a version its stream cannot have; every 5th is a retry of
        // an earlier request. Refusals and retries must consume no position.
        let results = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for appender in 0..<8 {
                group.addTask {
                    var positions: [Int64] = []
                    var previous: AppendRequest?
                    for round in 0..<40 {
                        let stream = "bench/\(appender)"
                        if round % 5 == 4, let previous {
                            let retry = try await log.append(previous)
                            #expect(retry.isRetry)
                            continue
                        }
                        let events = (0...(round % 3)).map { _ in proposed(stream) }
                        let appendRequest = AppendRequest(events: events, expectations: round % 3 == 2 ? [stream: .exactly(1_000_000)] : [:])
                        do {
                            let result = try await log.append(appendRequest)
                            positions += result.positions
                            previous = appendRequest
                        } catch EventLogError.versionConflict {
                            #expect(round % 3 == 2)
                        }
                    }
                    return positions
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(results.sorted() == Array(1...Int64(results.count)))
        #expect(log.head == Int64(results.count))
        let stored = try log.read(limit: 10_000).map(\.position)
        #expect(stored == Array(1...Int64(results.count)))
        #expect(try log.verify() == .intact(events: Int64(results.count), head: Int64(results.count)))
        await log.close()
    }

    /// A one-event append inserts before it looks anything up; after a reopen the writer knows
    /// no stream, so every append to an existing stream first guesses "new" and must be
    /// corrected by the unique index — with and without an expectation, and for a retry.
    @Test func oneEventAppendsToStreamsTheWriterHasNotSeen() async throws {
        let directory = try TemporaryDirectory()
        var log = try EventLog.open(path: directory.databasePath)
        let first = proposed("user/1")
        _ = try await log.append(request(first))
        _ = try await log.append(request(proposed("user/1")))
        await log.close()

        log = try EventLog.open(path: directory.databasePath)
        #expect(try await log.append(request(proposed("user/1"))) == AppendResult(positions: [3], versions: [3], isRetry: false))
        await log.close()
        log = try EventLog.open(path: directory.databasePath)
        await expectError(.versionConflict(stream: "user/1", expected: .exactly(0), actual: 3)) {
            try await log.append(request(proposed("user/1"), expecting: ["user/1": .exactly(0)]))
        }
        await log.close()
        log = try EventLog.open(path: directory.databasePath)
        #expect(
            try await log.append(request(proposed("user/1"), expecting: ["user/1": .exactly(3)])) == AppendResult(positions: [4], versions: [4], isRetry: false)
        )
        await log.close()
        log = try EventLog.open(path: directory.databasePath)
        // The first event again: a retry, even with an expectation its own attempt outdated.
        #expect(try await log.append(request(first, expecting: ["user/1": .exactly(0)])) == AppendResult(positions: [1], versions: [1], isRetry: true))
        #expect(try await log.append(request(first)) == AppendResult(positions: [1], versions: [1], isRetry: true))
        #expect(log.head == 4)
        #expect(try log.version(ofStream: "user/1") == 4)
        #expect(try log.verify() == .intact(events: 4, head: 4))
        await log.close()
    }

    @Test func versionConflictAppendsNothingAndSparesTheRestOfItsBatch() async throws {
        let directory = try TemporaryDirectory()
        let log = try EventLog.open(path: directory.databasePath)
        _ = try await log.append(request(proposed("user/1"), expecting: ["user/1": .exactly(0)]))

        await expectError(.versionConflict(stream: "user/1", expected: .exactly(0), actual: 1)) {
            try await log.append(request(proposed("user/1"), proposed("user/2"), expecting: ["user/1": .exactly(0)]))
        }
        #expect(log.head == 1)
        #expect(try log.read().count == 1)
        #expect(try log.version(ofStream: "user/2") == 0)

        // Three requests in one batch; the middle one conflicts with the first, which is in the
        // same batch and not yet durable.
        var tickets: [AppendTicket] = []
        let commitsBefore = log.commitCount
        try await withWriterHeld(log, path: directory.databasePath) {
            tickets.append(log.submit(request(proposed("user/1"), expecting: ["user/1": .exactly(1)])))
            tickets.append(log.submit(request(proposed("user/3"), proposed("user/1"), expecting: ["user/1": .exactly(1)])))
            tickets.append(log.submit(request(proposed("user/1"), expecting: ["user/1": .exactly(2)])))
        }
        let (a, b, c) = (tickets[0], tickets[1], tickets[2])
        #expect(try await a.result().positions == [2])
        await expectError(.versionConflict(stream: "user/1", expected: .exactly(1), actual: 2)) { try await b.result() }
        #expect(try await c.result() == AppendResult(positions: [3], versions: [3], isRetry: false))
        // The cursor write that held the writer, then the three requests together; on a loaded
        // machine the writer may take the cursor write only after the three were queued, and
        // then all four share one commit. Separate commits would make 3 or more.
        #expect((1...2).contains(log.commitCount - commitsBefore), "the three requests committed together")
        #expect(try log.version(ofStream: "user/3") == 0)
        #expect(try log.read().map(\.position) == [1, 2, 3])
        #expect(try log.verify() == .intact(events: 3, head: 3))
        await log.close()
    }

    @Test func retriesReturnOriginalPositions() async throws {
        let directory = try TemporaryDirectory()
        let log = try EventLog.open(path: directory.databasePath)
        let first = request(proposed("user/1"), proposed("user/2"), expecting: ["user/1": .exactly(0)])
        let original = try await log.append(first)
        #expect(original == AppendResult(positions: [1, 2], versions: [1, 1], isRetry: false))
        _ = try await log.append(request(proposed("user/1")))

        // The retry's expectation is stale now (user/1 is at 2): idempotency wins.
        let retry = try await log.append(first)
        #expect(retry == AppendResult(positions: [1, 2], versions: [1, 1], isRetry: true))
        #expect(log.head == 3)

        // A retry inside the same batch as the original.
        let fresh = request(proposed("user/9"))
        var tickets: [AppendTicket] = []
        try await withWriterHeld(log, path: directory.databasePath) {
            tickets = [log.submit(fresh), log.submit(fresh)]
        }
        let (t1, t2) = (tickets[0], tickets[1])
        let r1 = try await t1.result(), r2 = try await t2.result()
        #expect(r1 == AppendResult(positions: [4], versions: [1], isRetry: false))
        #expect(r2 == AppendResult(positions: [4], versions: [1], isRetry: true))

        // Partial retry: one id exists, one does not.
        let known = first.events[0]
        let newcomer = proposed("user/5")
        await expectError(.partialRetry(existing: [known.id.uuidString])) {
            try await log.append(request(newcomer, known))
        }
        #expect(try log.position(ofEventID: newcomer.id) == nil)
        #expect(log.head == 4)
        #expect(try log.read().count == 4)
        await log.close()
    }

    /// A one-event result is held without arrays; it reads and compares as the arrays would.
    @Test func resultsOfOneAndOfManyEvents() async throws {
        let directory = try TemporaryDirectory()
        let log = try EventLog.open(path: directory.databasePath)
        let one = try await log.append(request(proposed("user/1")))
        #expect(one == AppendResult(position: 1, version: 1, isRetry: false))
        #expect(one.positions == [1] && one.versions == [1] && one.lastPosition == 1 && one.lastVersion == 1)
        let many = try await log.append(request(proposed("user/1"), proposed("user/2"), proposed("user/1")))
        #expect(many == AppendResult(positions: [2, 3, 4], versions: [2, 1, 3], isRetry: false))
        #expect(many.lastPosition == 4 && many.lastVersion == 3)
        let none = AppendResult(positions: [], versions: [], isRetry: false)
        #expect(none.lastPosition == 0 && none.lastVersion == 0 && none.positions.isEmpty)
        await log.close()
    }

    @Test func invalidRequestsAreRefused() async throws {
        let directory = try TemporaryDirectory()
        let log = try EventLog.open(path: directory.databasePath)
        let twice = proposed()
        for bad in [
            AppendRequest(events: []), request(proposed("")), request(proposed(type: "")), request(twice, twice),
            request(proposed(), expecting: ["user/1": .exactly(-1)]),
        ] {
            let error = await thrownError { try await log.append(bad) }
            guard case .invalidRequest = error else {
                Issue.record("expected invalidRequest, got \(String(describing: error))")
                continue
            }
        }
        #expect(log.head == 0)
        #expect(try await log.append(request(proposed())).positions == [1])
        await log.close()
    }

    @Test func groupCommitBatchesConcurrentAppends() async throws {
        let directory = try TemporaryDirectory()
        let log = try EventLog.open(path: directory.databasePath)
        let commitsBefore = log.commitCount
        let positions = try await withThrowingTaskGroup(of: Int64.self) { group in
            for index in 0..<64 {
                group.addTask { try await log.append(request(proposed("stream/\(index)"))).positions[0] }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let commits = log.commitCount - commitsBefore
        #expect(positions.sorted() == Array(1...64))
        #expect(commits < 64, "64 concurrent appends took \(commits) commits")

        // Submitted back to back without awaiting: whatever queued up during a flush shares the
        // next one, so a burst takes a handful of commits (each flush outlasts many submits).
        let before = log.commitCount
        let tickets = (0..<64).map { log.submit(request(proposed("burst/\($0)"))) }
        for ticket in tickets { _ = try await ticket.result() }
        let burstCommits = log.commitCount - before
        #expect(burstCommits < 16, "a burst of 64 took \(burstCommits) commits")
        await log.close()
    }

    /// A storage error in the middle of a batch fails every ticket of that batch and leaves the
    /// in-memory head and chain where the last commit left them.
    @Test func storageFailureFailsTheBatchAndRestoresTheHead() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.databasePath
        let log = try EventLog.open(path: path)
        _ = try await log.append(request(proposed()))
        try rawExecute(
            path,
            """
            CREATE TRIGGER refuse_boom BEFORE INSERT ON events WHEN NEW.type = 'boom'
            BEGIN SELECT RAISE(ABORT, 'boom refused'); END;
            """)
        var tickets: [AppendTicket] = []
        try await withWriterHeld(log, path: path) {
            tickets = [log.submit(request(proposed("a"))), log.submit(request(proposed("b", type: "boom"))), log.submit(request(proposed("c")))]
        }
        for ticket in tickets {
            let error = await thrownError { try await ticket.result() }
            guard case .storage = error else {
                Issue.record("expected a storage error, got \(String(describing: error))")
                continue
            }
        }
        #expect(log.head == 1)
        #expect(try log.read().count == 1)
        #expect(try log.version(ofStream: "a") == 0)

        // The log carries on from the restored head, with an unbroken chain.
        #expect(try await log.append(request(proposed("a"))) == AppendResult(positions: [2], versions: [1], isRetry: false))
        #expect(try log.verify() == .intact(events: 2, head: 2))
        await log.close()
    }

    /// Another process appending to the same file is noticed (PRAGMA data_version) before the
    /// next batch, so the chain and positions continue from its events.
    @Test func foreignAppendsAreNoticed() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.databasePath
        let one = try EventLog.open(path: path)
        _ = try await one.append(request(proposed("s")))
        let two = try EventLog.open(path: path)
        #expect(two.head == 1)
        #expect(try await two.append(request(proposed("s"))) == AppendResult(positions: [2], versions: [2], isRetry: false))
        #expect(try await one.append(request(proposed("s"))) == AppendResult(positions: [3], versions: [3], isRetry: false))
        #expect(try one.verify() == .intact(events: 3, head: 3))
        await two.close()
        await one.close()
    }
}

@Suite struct TimeOrderedIDTests {
    /// Version 7 layout, and later ids sort after earlier ones (what keeps the id index's
    /// inserts on its last page).
    @Test func idsAreVersion7AndOrderedByTime() async throws {
        let first = UUID.timeOrdered()
        try await Task.sleep(for: .milliseconds(3))
        let second = UUID.timeOrdered()
        #expect(first.uuid.6 >> 4 == 7)
        #expect(first.uuid.8 >> 6 == 0b10)
        #expect(first.uuidString < second.uuidString)
        #expect(Set((0..<1000).map { _ in UUID.timeOrdered() }).count == 1000)
        #expect(ProposedEvent(stream: "s", type: "t", actor: "a", source: "b", payload: "{}").id.uuid.6 >> 4 == 7)
    }

    /// The random bits come from a shared pool of kernel bytes refilled every 64 ids: across
    /// refills and from concurrent tasks, no two ids share their random tail (bytes 8–15), and
    /// the time prefix is the wall clock's milliseconds.
    @Test func randomBitsAreFreshAcrossPoolRefillsAndThreads() async {
        let before = UInt64(Date().timeIntervalSince1970 * 1000)
        let ids = await withTaskGroup(of: [UUID].self) { group in
            for _ in 0..<4 { group.addTask { (0..<2_500).map { _ in UUID.timeOrdered() } } }
            return await group.reduce(into: []) { $0 += $1 }
        }
        let after = UInt64(Date().timeIntervalSince1970 * 1000)
        let tails = Set(ids.map { id in withUnsafeBytes(of: id.uuid) { Array($0[8..<16]) } })
        #expect(tails.count == 10_000)
        let milliseconds = withUnsafeBytes(of: ids[0].uuid) { bytes in bytes[0..<6].reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }
        #expect((before...after).contains(milliseconds))
    }
}
