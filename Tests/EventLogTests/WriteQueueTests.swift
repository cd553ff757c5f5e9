import Dispatch
import Foundation
import Synchronization
import Testing

@testable import EventLog

/// How the writer takes its batches from the queue: when only telephony facts (appends nobody
/// awaits) are pending it lingers for more, and an awaited operation ends the linger at once;
/// with its transaction open it takes what arrives meanwhile, waiting out an idle budget.
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
                _ = queue.take(into: &batch, unawaitedLingerNanoseconds: nanoseconds)
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

    /// Runs `takeMore` on a thread of its own, as the writer does inside its transaction.
    static func takeMore(_ queue: WriteQueue, into batch: [WriteOperation], budget: Duration) async -> (
        took: Bool, batch: [WriteOperation], budgetLeft: UInt64, seconds: Double
    ) {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                let start = DispatchTime.now().uptimeNanoseconds
                var batch = batch
                var left = UInt64(budget.components.seconds) * 1_000_000_000 + UInt64(budget.components.attoseconds / 1_000_000_000)
                let took = queue.takeMore(into: &batch, idleBudgetNanoseconds: &left)
                continuation.resume(returning: (took, batch, left, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
            }
            thread.start()
        }
    }

    /// What is already queued joins the open batch behind what it holds, in submission order,
    /// and costs none of the budget's waiting.
    @Test func takeMoreAppendsWhatIsQueuedToTheOpenBatch() async {
        let queue = WriteQueue()
        #expect(queue.enqueue(Self.command()))
        var first: [WriteOperation] = []
        #expect(queue.take(into: &first))
        #expect(queue.enqueue(Self.fact()))
        #expect(queue.enqueue(Self.command()))
        let (took, batch, _, seconds) = await Self.takeMore(queue, into: first, budget: .seconds(60))
        #expect(took)
        #expect(batch.map(\.isAwaited) == [true, false, true])
        #expect(queue.waitingCount == 0)
        #expect(seconds < 30)
    }

    /// An appender resubmitting while the batch is open is taken as soon as it arrives, and
    /// the wait is charged to the budget.
    @Test func takeMoreWaitsForAnArrivalWithinTheBudget() async {
        let queue = WriteQueue()
        let taking = Task { await Self.takeMore(queue, into: [], budget: .seconds(60)) }
        try? await Task.sleep(for: .milliseconds(200))
        #expect(queue.enqueue(Self.command()))
        let (took, batch, left, seconds) = await taking.value
        #expect(took)
        #expect(batch.count == 1)
        #expect(seconds < 30, "the arrival ended the wait (\(seconds) s)")
        // The whole call was waiting (the queue was empty until the command came), so the
        // budget lost what the call took: timed on the taking thread, since on a loaded machine
        // that thread may start well after the task that enqueues.
        let charged = Double(60_000_000_000 - left) / 1e9
        #expect(charged > seconds / 2 && charged <= seconds + 0.001, "charged \(charged) s of a \(seconds) s wait")
    }

    /// Nobody comes: the batch is closed once the budget is spent, and what it held is kept.
    @Test func takeMoreGivesUpWhenTheBudgetIsSpent() async {
        let queue = WriteQueue()
        let held = [Self.command()]
        let (took, batch, left, seconds) = await Self.takeMore(queue, into: held, budget: .milliseconds(300))
        #expect(!took)
        #expect(batch.count == 1)
        #expect(left == 0)
        #expect(seconds >= 0.3, "it waited out the budget (\(seconds) s)")
    }

    @Test func takeMoreDoesNotWaitOnAClosingQueue() async {
        let queue = WriteQueue()
        queue.shutDown()
        let (took, batch, _, seconds) = await Self.takeMore(queue, into: [], budget: .seconds(60))
        #expect(!took)
        #expect(batch.isEmpty)
        #expect(seconds < 30)
    }
}
