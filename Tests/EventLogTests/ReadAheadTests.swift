import Foundation
import Synchronization
import Testing
@testable import EventLog

/// Serialized: each test depends on the read-ahead thread getting a core while the replaying
/// thread works, which two tests spinning beside each other on a two-core machine can deny it.
@Suite(.serialized) struct ReadAheadTests {
    /// The read-ahead scan hands out exactly what the plain scan does, across chunk boundaries,
    /// and stops at the first error of its body.
    @Test func readAheadEqualsPlainScanAndStopsOnError() async throws {
        let directory = try TemporaryDirectory()
        let total = ReadAheadChunk.rows * 2 + 17
        let log = try await filledLog(directory, total: total)
        var plain: [String] = []
        try log.scan(after: 5) { row in
            plain.append(
                "\(row.position) \(row.schema) \(String(decoding: row.type, as: UTF8.self)) \(String(decoding: row.stream, as: UTF8.self)) \(String(decoding: row.payload, as: UTF8.self))"
            )
        }
        var ahead: [String] = []
        let last = try log.scanWithReadAhead(after: 5) { row in
            ahead.append(
                "\(row.position) \(row.schema) \(String(decoding: row.type, as: UTF8.self)) \(String(decoding: row.stream, as: UTF8.self)) \(String(decoding: row.payload, as: UTF8.self))"
            )
        }
        #expect(last == Int64(total))
        #expect(ahead.count == total - 5)
        #expect(ahead == plain)
        #expect(try log.scanWithReadAhead(after: Int64(total)) { _ in Issue.record("nothing after the head") } == Int64(total))

        struct Enough: Error {}
        var seen = 0
        #expect(throws: Enough.self) {
            try log.scanWithReadAhead(after: 0) { _ in
                seen += 1
                if seen == ReadAheadChunk.rows + 3 { throw Enough() }
            }
        }
        #expect(seen == ReadAheadChunk.rows + 3)
        await log.close()
    }

    /// The shared-decoding scan hands `body` every row's value in log order, each row decoded
    /// exactly once, and the read-ahead thread really decodes some of them while `body` is busy
    /// (were it only waiting, the replay would cost the sum of both threads again).
    @Test func sharedDecodingKeepsOrderAndDecodesEachRowOnce() async throws {
        let directory = try TemporaryDirectory()
        // More chunks than the queue holds (4), so the reader runs out of empty ones and helps.
        let log = try await filledLog(directory, total: ReadAheadChunk.rows * 6 + 17)
        let decodes = Mutex<[Int64: Int]>([:])
        let byReader = Mutex(0)
        // The scan is synchronous: this test's thread is the replaying one throughout.
        let consumer = pthread_self()
        var values: [String] = []
        let last = try log.scanWithReadAhead(
            after: 5,
            decode: { row in
                decodes.withLock { $0[row.position, default: 0] += 1 }
                if pthread_equal(pthread_self(), consumer) == 0 { byReader.withLock { $0 += 1 } }
                return "\(row.position) \(String(decoding: row.type, as: UTF8.self)) \(String(decoding: row.payload, as: UTF8.self))"
            }
        ) { value in
            if values.isEmpty { hold { byReader.withLock { $0 } > 0 } }
            values.append(value)
            spin(microseconds: 3)
        }
        var plain: [String] = []
        try log.scan(after: 5) { row in
            plain.append("\(row.position) \(String(decoding: row.type, as: UTF8.self)) \(String(decoding: row.payload, as: UTF8.self))")
        }
        #expect(last == Int64(ReadAheadChunk.rows * 6 + 17))
        #expect(values == plain)
        #expect(decodes.withLock { $0.count == plain.count && $0.values.allSatisfy { $0 == 1 } })
        #expect(byReader.withLock { $0 } > 0)
        await log.close()
    }

    /// Each value is freed by the thread that decoded it: the replaying thread only borrows what
    /// the read-ahead thread decoded, which frees it when it takes the chunk back. (glibc's `free`
    /// of another thread's block takes that thread's arena lock; freeing every helper-decoded
    /// event message on the replaying thread cost the replay a tenth of its time in lock waits.)
    @Test func sharedDecodingFreesEachValueOnTheThreadThatDecodedIt() async throws {
        let directory = try TemporaryDirectory()
        let log = try await filledLog(directory, total: ReadAheadChunk.rows * 6)
        let freed = FreeingThreads()
        let replaying = pthread_self()
        var positions: [Int64] = []
        try log.scanWithReadAhead(
            after: 0,
            decode: { row in
                if pthread_equal(pthread_self(), replaying) == 0 { freed.counts.withLock { $0.decodedByReader += 1 } }
                return ThreadTagged(position: row.position, freed: freed)
            }
        ) { value in
            if positions.isEmpty { hold { freed.counts.withLock { $0.decodedByReader } > 0 } }
            positions.append(value.position)
            spin(microseconds: 10)
        }
        #expect(positions == Array(1...Int64(ReadAheadChunk.rows * 6)))
        let deadline = ContinuousClock.now + .seconds(5)
        while freed.counts.withLock({ $0.same + $0.other }) < positions.count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        let counts = freed.counts.withLock { $0 }
        #expect(counts.same == positions.count)
        #expect(counts.other == 0)
        #expect(counts.decodedByReader > 0)
        await log.close()
    }

    /// A row that cannot be decoded stops the scan at that row whichever thread decoded it: every
    /// earlier value was handed over, no later one, and values decoded ahead but never taken
    /// are freed.
    @Test func sharedDecodingStopsAtTheFailingRowAndFreesWhatWasNotTaken() async throws {
        let directory = try TemporaryDirectory()
        let log = try await filledLog(directory, total: ReadAheadChunk.rows * 6)
        struct Unreadable: Error, Equatable { let position: Int64 }
        // The last row of the fourth chunk: with all four of the queue's chunks handed over, the
        // read-ahead thread decodes the newest from its end while the replaying thread is still
        // in the first (which it holds until then: see `hold`).
        let failing = Int64(ReadAheadChunk.rows * 4)
        let live = LiveCount()
        let consumer = pthread_self()
        let failedOnReader = Mutex(false)
        var seen: [Int64] = []
        #expect(throws: Unreadable(position: failing)) {
            try log.scanWithReadAhead(
                after: 0,
                decode: { row in
                    if row.position == failing {
                        failedOnReader.withLock { $0 = pthread_equal(pthread_self(), consumer) == 0 }
                        throw Unreadable(position: failing)
                    }
                    return Counted(position: row.position, live: live)
                }
            ) { value in
                if value.position == 1 { hold { failedOnReader.withLock { $0 } } }
                seen.append(value.position)
                spin(microseconds: 3)
            }
        }
        #expect(seen == Array(1..<failing))
        #expect(failedOnReader.withLock { $0 })
        // The read-ahead thread lets go of its decoded rows as it ends, just after the scan returns.
        let deadline = ContinuousClock.now + .seconds(5)
        while live.count.withLock({ $0 }) != 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(live.count.withLock { $0 } == 0)
        await log.close()
    }

    /// Rows of a skipped family never reach `decode` or `body`; the scan still answers the head
    /// when the last rows were skipped, so a projection follows the log from there.
    @Test func sharedDecodingSkipsFamiliesAndAnswersTheHead() async throws {
        let directory = try TemporaryDirectory()
        let total = ReadAheadChunk.rows * 5
        let log = try await filledLog(directory, total: total) { i in ["user.created", "call.started", "registration.bound", "calls.made"][i % 4] }
        // The last rows are facts.
        _ = try await log.append(AppendRequest(events: (0..<3).map { proposed("call/\($0)", type: "call.ended") }))
        var seen: [String] = []
        let last = try log.scanWithReadAhead(after: 0, skipping: ["call.", "registration."], decode: { row in String(decoding: row.type, as: UTF8.self) }) {
            seen.append($0)
        }
        #expect(last == Int64(total + 3))
        #expect(seen.count == total / 2)
        #expect(Set(seen) == ["user.created", "calls.made"])
        #expect(throws: EventLogError.self) {
            try log.scanWithReadAhead(after: 0, skipping: [""], decode: { _ in 0 }) { _ in }
        }
        await log.close()
    }

    /// The reader's own lane gets exactly its rows, in order, and they never reach `decode` or
    /// `body`; the scan answers the last position even when the last rows were the lane's, and
    /// the lane's value comes back as it ended.
    @Test func readerLaneFoldsItsRowsAndTheRestReachTheBody() async throws {
        let directory = try TemporaryDirectory()
        let total = ReadAheadChunk.rows * 5 + 3
        // The last three rows (total - 2 … total) are the lane's.
        let log = try await filledLog(directory, total: total) { i in i % 3 == 0 || i >= total - 3 ? "user.created" : "terminal.updated" }
        var plain: (lane: [Int64], rest: [Int64]) = ([], [])
        try log.scan(after: 0) { row in
            if String(decoding: row.type, as: UTF8.self) == "user.created" { plain.lane.append(row.position) } else { plain.rest.append(row.position) }
        }
        var rest: [Int64] = []
        let (last, lane) = try log.scanWithReadAhead(
            after: 0, readerLane: [Int64](),
            foldOnReader: { lane, row in
                guard String(decoding: row.type, as: UTF8.self) == "user.created" else { return false }
                lane.append(row.position)
                return true
            },
            decode: { row in
                #expect(String(decoding: row.type, as: UTF8.self) == "terminal.updated")
                return row.position
            }
        ) { position in
            rest.append(position)
            spin(microseconds: 1)
        }
        #expect(last == Int64(total))
        #expect(lane == plain.lane)
        #expect(rest == plain.rest)
        await log.close()
    }

    /// An error of the reader's lane reaches the caller as it was thrown, after every earlier row
    /// of the other lane was handed to `body`, and no later one.
    @Test func readerLaneErrorStopsAtItsRow() async throws {
        let directory = try TemporaryDirectory()
        let log = try await filledLog(directory, total: ReadAheadChunk.rows * 3)
        struct Unfoldable: Error, Equatable { let position: Int64 }
        // A user.created row (every third) in the middle of the second chunk.
        let failing = Int64(ReadAheadChunk.rows + 1_001)
        #expect((failing - 1) % 3 == 0)
        var seen: [Int64] = []
        #expect(throws: Unfoldable(position: failing)) {
            try log.scanWithReadAhead(
                after: 0, readerLane: 0,
                foldOnReader: { count, row in
                    guard (row.position - 1) % 3 == 0 else { return false }
                    if row.position == failing { throw Unfoldable(position: failing) }
                    count += 1
                    return true
                },
                decode: { row in row.position }
            ) { position in seen.append(position) }
        }
        #expect(seen == (1..<failing).filter { ($0 - 1) % 3 != 0 })
        await log.close()
    }

    /// A sample of the log's types takes one row from each equal stretch of positions, the same
    /// rows every time, and stays inside the range it was given.
    @Test func sampleTypesSpreadsOverTheRangeAndRepeats() async throws {
        let directory = try TemporaryDirectory()
        // Each row's type names its thousand: "t0" for 1…1000, "t1" for 1001…2000 …
        let log = try await filledLog(directory, total: 8_000) { i in "t\(i / 1_000)" }
        let sample = try log.sampleTypes(after: 0, through: 8_000, count: 8)
        #expect(sample == (0..<8).map { "t\($0)" })
        #expect(try log.sampleTypes(after: 0, through: 8_000, count: 64) == log.sampleTypes(after: 0, through: 8_000, count: 64))
        let tail = try log.sampleTypes(after: 6_000, through: 7_000, count: 32)
        #expect(tail.count == 32 && tail.allSatisfy { $0 == "t6" })
        #expect(try log.sampleTypes(after: 8_000, through: 8_000, count: 8).isEmpty)
        await log.close()
    }

    private func filledLog(
        _ directory: TemporaryDirectory, total: Int, type: (Int) -> String = { $0 % 3 == 0 ? "user.created" : "terminal.updated" }
    ) async throws -> EventLog {
        let log = try EventLog.open(path: directory.databasePath)
        var index = 0
        while index < total {
            let batch = (index..<min(index + 500, total)).map { i in
                proposed("s/\(i)", type: type(i), payload: #"{"i":\#(i)}"#)
            }
            _ = try await log.append(AppendRequest(events: batch))
            index += batch.count
        }
        return log
    }

    /// Holds the replaying thread, inside `body`, until `condition` holds or 5 s have passed.
    /// Which thread reaches a row first is the scheduler's choice: with other tests spinning on
    /// both cores, a read-ahead thread kept off the CPU let the replaying thread decode every row
    /// itself (a CI run failed so), and the case a test is about did not happen. Held, the
    /// replaying thread is busy as a replay's fold would be, and the assertions still fail if
    /// the read-ahead thread does not do its share.
    private func hold(until condition: () -> Bool) {
        let deadline = ContinuousClock.now + .seconds(5)
        while !condition(), ContinuousClock.now < deadline { usleep(100) }
    }

    /// Keeps the replaying thread busy the way a fold does, so the read-ahead thread runs ahead.
    private func spin(microseconds: Int) {
        let end = ContinuousClock.now + .microseconds(microseconds)
        while ContinuousClock.now < end {}
    }
}

/// How many ``Counted`` values are alive.
private final class LiveCount: Sendable {
    let count = Mutex(0)
}

/// A decoded value that counts how many of its kind are alive.
private final class Counted: Sendable {
    let position: Int64
    let live: LiveCount
    init(position: Int64, live: LiveCount) {
        self.position = position
        self.live = live
        live.count.withLock { $0 += 1 }
    }
    deinit { live.count.withLock { $0 -= 1 } }
}

/// Where ``ThreadTagged`` values were freed: on the thread that made them or elsewhere.
private final class FreeingThreads: Sendable {
    let counts = Mutex((same: 0, other: 0, decodedByReader: 0))
}

/// A decoded value that remembers which thread made it and reports where it is freed.
private final class ThreadTagged: Sendable {
    let position: Int64
    let freed: FreeingThreads
    let maker: pthread_t
    init(position: Int64, freed: FreeingThreads) {
        self.position = position
        self.freed = freed
        maker = pthread_self()
    }
    deinit {
        let same = pthread_equal(maker, pthread_self()) != 0
        freed.counts.withLock { counts in
            if same { counts.same += 1 } else { counts.other += 1 }
        }
    }
}
