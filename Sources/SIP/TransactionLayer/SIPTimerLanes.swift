import NIOCore

/// The SIP timers of one event loop, kept in one first-in-first-out lane per delay.
///
/// Every SIP timer is one of a handful of delays — the 200 ms before 100 Trying, T1 and its
/// doublings up to T2, T4, 64·T1 (RFC 3261 §17, Table 4) — and the timers armed with one delay
/// come due in the order they were armed. A lane per delay keeps them in that order at O(1) a
/// timer, and only each lane's earliest timer is a task on the loop. SwiftNIO keeps its
/// scheduled tasks in one binary heap: with a task per SIP timer, tens of thousands were pending
/// at 700 calls/s (each transaction arms several, and a forgotten one stays until its deadline),
/// and every push and pop copied tasks along 16–18 levels of it — a tenth of the SIP loop's time
/// in the profile, growing with the rate.
///
/// A lane's task fires its due timers together and is armed again for the next one, at least
/// ``granularity`` later, so under load a timer fires up to a millisecond late, never early.
/// Timers are not cancelled (see ``SIPServerTransactionLayer``'s `Timers`): a forgotten one finds
/// nothing to do when it comes due.
public final class SIPTimerLanes: Sendable {
    /// How close together one lane's task may fire.
    static let granularity = TimeAmount.milliseconds(1)

    private struct Pending {
        let deadline: NIODeadline
        let fire: @Sendable () -> Void
    }

    private final class Lane {
        var pending = CircularBuffer<Pending>()
        var isArmed = false
    }

    private final class Lanes {
        var byDelay: [Int64: Lane] = [:]
    }

    public let eventLoop: any EventLoop
    private let lanes: NIOLoopBoundBox<Lanes>

    /// Made off the loop (the server builds the layer before the loop runs anything of it); the
    /// box checks every later access is on it.
    public init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
        self.lanes = NIOLoopBoundBox.makeBoxSendingValue(Lanes(), eventLoop: eventLoop)
    }

    /// Runs `fire` on the loop once `delay` has passed (measured on the loop's clock, so an
    /// `EmbeddedEventLoop` drives it in tests).
    /// - Precondition: called on the loop.
    public func schedule(in delay: TimeAmount, _ fire: @escaping @Sendable () -> Void) {
        let lanes = lanes.value
        let lane: Lane
        if let existing = lanes.byDelay[delay.nanoseconds] {
            lane = existing
        } else {
            lane = Lane()
            lanes.byDelay[delay.nanoseconds] = lane
        }
        let deadline = eventLoop.now + delay
        lane.pending.append(Pending(deadline: deadline, fire: fire))
        if !lane.isArmed { arm(delay.nanoseconds, lane, at: deadline) }
    }

    /// Timers waiting in every lane, forgotten ones included (for tests and metrics).
    public var pendingCount: Int {
        lanes.value.byDelay.values.reduce(0) { $0 + $1.pending.count }
    }

    private func arm(_ delay: Int64, _ lane: Lane, at deadline: NIODeadline) {
        lane.isArmed = true
        eventLoop.scheduleTask(deadline: deadline) { [self] in
            guard let lane = self.lanes.value.byDelay[delay] else { return }
            self.fireDue(delay, lane)
        }
    }

    private func fireDue(_ delay: Int64, _ lane: Lane) {
        let now = eventLoop.now
        // Only the timers there before the first fired: one armed by a firing one (a zero
        // delay) waits for the next task, so this loop always ends.
        var left = lane.pending.count
        while left > 0, let head = lane.pending.first, head.deadline <= now {
            left -= 1
            lane.pending.removeFirst()
            head.fire()
        }
        if let head = lane.pending.first {
            arm(delay, lane, at: max(head.deadline, now + Self.granularity))
        } else {
            lane.isArmed = false
        }
    }
}
