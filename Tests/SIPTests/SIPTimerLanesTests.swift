import NIOCore
import NIOEmbedded
import Synchronization
import Testing

@testable import SIP

/// The SIP loop's timers (``SIPTimerLanes``): each fires once, at its deadline on the loop's
/// clock and not before, whichever lane it waits in.
@Suite struct SIPTimerLanesTests {
    /// What fired, in order, with the loop's time (ms since the start) at which it fired.
    final class Firings: Sendable {
        let start: NIODeadline
        let fired = Mutex<[(String, Int64)]>([])
        init(_ loop: EmbeddedEventLoop) { start = loop.now }
        func note(_ name: String, _ loop: EmbeddedEventLoop) {
            let elapsed = (loop.now - start).nanoseconds / 1_000_000
            fired.withLock { $0.append((name, elapsed)) }
        }
        var names: [String] { fired.withLock { $0.map(\.0) } }
        var times: [String: Int64] { fired.withLock { Dictionary(uniqueKeysWithValues: $0) } }
    }

    @Test func timersOfDifferentDelaysFireAtTheirDeadlinesInDeadlineOrder() {
        let loop = EmbeddedEventLoop()
        let lanes = SIPTimerLanes(eventLoop: loop)
        let firings = Firings(loop)
        lanes.schedule(in: .milliseconds(500)) { firings.note("A1", loop) }
        lanes.schedule(in: .seconds(32)) { firings.note("B", loop) }
        lanes.schedule(in: .milliseconds(200)) { firings.note("trying", loop) }
        loop.advanceTime(by: .milliseconds(100))
        lanes.schedule(in: .milliseconds(500)) { firings.note("A2", loop) }
        lanes.schedule(in: .seconds(1)) { firings.note("E", loop) }
        loop.advanceTime(by: .milliseconds(99))
        #expect(firings.names.isEmpty, "nothing fires early")
        loop.advanceTime(by: .seconds(40))
        #expect(firings.names == ["trying", "A1", "A2", "E", "B"])
        #expect(firings.times == ["trying": 200, "A1": 500, "A2": 600, "E": 1100, "B": 32_000])
        #expect(lanes.pendingCount == 0)
    }

    @Test func aTimerArmedByAFiringOneInTheSameLaneWaitsItsWholeDelay() {
        let loop = EmbeddedEventLoop()
        let lanes = SIPTimerLanes(eventLoop: loop)
        let firings = Firings(loop)
        // The B2BUA's 2xx retransmission at T2: each firing arms the next in the same lane.
        @Sendable func retransmit(_ count: Int) {
            firings.note("r\(count)", loop)
            if count < 3 { lanes.schedule(in: .seconds(4)) { retransmit(count + 1) } }
        }
        lanes.schedule(in: .seconds(4)) { retransmit(1) }
        loop.advanceTime(by: .seconds(4))
        #expect(firings.names == ["r1"], "the timer armed while r1 fired waits 4 s, not this task")
        loop.advanceTime(by: .seconds(8))
        #expect(firings.times == ["r1": 4000, "r2": 8000, "r3": 12_000])
    }

    @Test func aZeroDelayFiresOnTheNextTickAndManyTimersShareTheirLanesTask() {
        let loop = EmbeddedEventLoop()
        let lanes = SIPTimerLanes(eventLoop: loop)
        let count = Atomic<Int>(0)
        // Timer K over TCP is zero.
        lanes.schedule(in: .zero) { count.add(1, ordering: .relaxed) }
        loop.run()
        #expect(count.load(ordering: .relaxed) == 1)
        // Ten thousand timers armed within one millisecond fire together, once each.
        for _ in 0..<10_000 { lanes.schedule(in: .milliseconds(500)) { count.add(1, ordering: .relaxed) } }
        #expect(lanes.pendingCount == 10_000)
        loop.advanceTime(by: .milliseconds(499))
        #expect(count.load(ordering: .relaxed) == 1)
        loop.advanceTime(by: .milliseconds(1))
        #expect(count.load(ordering: .relaxed) == 10_001)
        #expect(lanes.pendingCount == 0)
    }
}
