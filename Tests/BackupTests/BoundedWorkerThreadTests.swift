import Foundation
import Synchronization
import Testing
@testable import Backup

@Suite struct BoundedWorkerThreadTests {
    struct Refused: Error, Equatable { let item: Int }

    /// Items are handled in order, on the worker's thread, `complete` after the last one; `drain`
    /// returns once every item is handled, `finish` once `complete` has returned.
    @Test func itemsAreHandledInOrderAndCompleteRunsAfterTheLast() throws {
        let seen = Mutex<[String]>([])
        let worker = BoundedWorkerThread<Int>(
            name: "test.worker", capacity: 2,
            handle: { item in seen.withLock { $0.append("\(item)") } },
            complete: { seen.withLock { $0.append("complete") } })
        for item in 1...50 { try worker.submit(item) }
        try worker.drain()
        #expect(seen.withLock { Array($0.prefix(50)) } == (1...50).map(String.init))
        try worker.finish()
        #expect(seen.withLock { $0 } == (1...50).map(String.init) + ["complete"])
    }

    /// A failure stops the worker: what waits is dropped, `complete` never runs, and the caller
    /// gets the failure from its next call; `end` runs whichever way the thread stops.
    @Test func aFailureIsThrownToTheCallerAndCompleteNeverRuns() throws {
        let handled = Mutex<[Int]>([])
        let ended = Mutex(false)
        let completed = Mutex(false)
        let worker = BoundedWorkerThread<Int>(
            name: "test.worker", capacity: 4,
            handle: { item in
                guard item != 3 else { throw Refused(item: item) }
                handled.withLock { $0.append(item) }
            },
            complete: { completed.withLock { $0 = true } },
            end: { ended.withLock { $0 = true } })
        var thrown: (any Error)?
        do {
            for item in 1...100 { try worker.submit(item) }
            try worker.finish()
        } catch {
            thrown = error
        }
        #expect(thrown as? Refused == Refused(item: 3))
        #expect(handled.withLock { $0 } == [1, 2])
        #expect(!completed.withLock { $0 })
        #expect(throws: Refused(item: 3)) { try worker.finish() }
        let deadline = Date().addingTimeInterval(5)
        while !ended.withLock({ $0 }), Date() < deadline { usleep(1_000) }
        #expect(ended.withLock { $0 })
    }

    /// An abandoned worker handles nothing more and a later wait throws instead of hanging.
    @Test func anAbandonedWorkerThrowsInsteadOfWaiting() throws {
        let worker = BoundedWorkerThread<Int>(name: "test.worker", capacity: 4, handle: { _ in usleep(1_000) })
        for item in 1...3 { try worker.submit(item) }
        worker.abandon()
        #expect(throws: CancellationError.self) { try worker.finish() }
        #expect(throws: CancellationError.self) { try worker.submit(4) }
    }
}
