import Dispatch
import Foundation
import Synchronization
import Testing

@testable import EventLog

/// How the writer takes its batches from the queue when only telephony facts (appends nobody
/// awaits) are pending: it lingers for more, and an awaited operation ends the linger at once.
/// The lingers here are long (seconds) and every time bound is a lower bound or far below the
/// linger, so a loaded machine cannot make these pass or fail by accident.
@Suite struct WriteQueueTests {
    static func fact(submittedAt: UInt64 = DispatchTime.now().uptimeNanoseconds) -> WriteOperation {
        .append(
            AppendRequest(events: [proposed("call/1", type: "call.started")], submitterWaits: false), CompletionPromise(), submittedAt: submittedAt)
    }

    static func command() -> WriteOperation {
        .append(AppendRequest(events: [proposed("user/1")]), CompletionPromise(), submittedAt: DispatchTime.now().uptimeNanoseconds)
    }

    /// Runs `take` on a thread of its own (it blocks, as the writer's does) and reports the
    /// batch with the time it took.
    static func take(_ queue: WriteQueue, linger: Duration) async -> (batch: [WriteOperation], seconds: Double) {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                let start = DispatchTime.now().uptimeNanoseconds
                var batch: [WriteOperation] = []
                let nanoseconds = UInt64(linger.components.seconds) * 1_000_000_000 + UInt64(linger.components.attoseconds / 1_000_000_000)
                _ = queue.take(into: &batch, expecting: 1, maxDelayNanoseconds: 0, unawaitedLingerNanoseconds: nanoseconds)
                continuation.resume(returning: (batch, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
            }
            thread.start()
        }
    }

    /// Timed from the facts' submission, not from the start of `take`: on a loaded machine the
    /// taking thread may start late, and the linger runs from the oldest fact's submission.
    @Test func factsAloneAreTakenOnlyOnceTheOldestIsTheLingerOld() async {
        let queue = WriteQueue()
        let submitted = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<3 { #expect(queue.enqueue(Self.fact(submittedAt: submitted))) }
        let (batch, _) = await Self.take(queue, linger: .seconds(1))
        let sinceSubmission = Double(DispatchTime.now().uptimeNanoseconds - submitted) / 1e9
        #expect(batch.count == 3)
        #expect(sinceSubmission >= 1, "taken once the facts were 1 s old, not before (\(sinceSubmission) s)")
    }

    /// Facts that come while the writer lingers join the batch without waking it; the command
    /// that ends the linger finds them pending. (With a 60 s linger nothing else can end it.)
    @Test func factsArrivingDuringTheLingerJoinTheBatch() async {
        let queue = WriteQueue()
        #expect(queue.enqueue(Self.fact()))
        let taking = Task { await Self.take(queue, linger: .seconds(60)) }
        try? await Task.sleep(for: .milliseconds(100))
        #expect(queue.enqueue(Self.fact()))
        #expect(queue.enqueue(Self.fact()))
        try? await Task.sleep(for: .milliseconds(100))
        #expect(queue.enqueue(Self.command()))
        let (batch, seconds) = await taking.value
        #expect(batch.map(\.isAwaited) == [false, false, false, true], "the two later facts lingered with the first")
        #expect(seconds < 30)
    }

    @Test func anAwaitedOperationEndsTheLingerAndTakesTheFactsAlong() async {
        let queue = WriteQueue()
        #expect(queue.enqueue(Self.fact()))
        let taking = Task { await Self.take(queue, linger: .seconds(60)) }
        try? await Task.sleep(for: .milliseconds(100))
        #expect(queue.waitingCount == 1, "the writer is lingering over the fact")
        #expect(queue.enqueue(Self.command()))
        let (batch, seconds) = await taking.value
        #expect(batch.count == 2)
        #expect(batch.map(\.isAwaited) == [false, true])
        #expect(seconds < 30, "the command did not wait out the 60 s linger (\(seconds) s)")
    }

    @Test func aFactOlderThanTheLingerIsTakenAtOnce() async {
        let queue = WriteQueue()
        let longAgo = DispatchTime.now().uptimeNanoseconds - 20_000_000_000
        #expect(queue.enqueue(Self.fact(submittedAt: longAgo)))
        let (batch, seconds) = await Self.take(queue, linger: .seconds(10))
        #expect(batch.count == 1)
        #expect(seconds < 5, "the linger runs from the oldest fact's submission, not from the take (\(seconds) s)")
    }

    @Test func shuttingDownEndsTheLinger() async {
        let queue = WriteQueue()
        #expect(queue.enqueue(Self.fact()))
        let taking = Task { await Self.take(queue, linger: .seconds(60)) }
        try? await Task.sleep(for: .milliseconds(100))
        queue.shutDown()
        let (batch, seconds) = await taking.value
        #expect(batch.count == 1, "what was queued before the shutdown is still written")
        #expect(seconds < 30)
    }
}
