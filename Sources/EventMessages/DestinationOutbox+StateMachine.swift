extension DestinationOutbox {
    /// The retry policy of manual §6.3.1.3 ("Signalling an event message to an external signal
    /// destination"): a round makes up to 5 attempts and the next round follows 5 minutes
    /// later; once the destination has failed for an hour the interval becomes 4 hours and a
    /// round makes only 2 attempts; one success restores both.
    ///
    /// We apply the same rule to every destination (only batching is the external one's own),
    /// so a syslog collector that is down is retried every 5 minutes and then every 4 hours.
    struct StateMachine: Sendable {
        enum State: Sendable, Hashable {
            case reachable
            case failing(since: Int64, last: DeliveryFailure)
        }

        static let normalInterval: Int64 = 5 * 60 * 1_000_000
        static let longInterval: Int64 = 4 * 3_600 * 1_000_000
        static let longAfter: Int64 = 3_600 * 1_000_000
        static let normalAttempts = 5
        static let reducedAttempts = 2

        private(set) var state: State
        /// When the next round may start (µs); 0 = as soon as there is something to send.
        private(set) var nextRoundAt: Int64 = 0
        private(set) var lastSuccessAt: Int64?

        /// - Parameter failingSince: when an earlier run saw the destination fail (its
        ///   not-reachable message is still active), so a restart does not report the outage
        ///   twice and counts its hour from the real start. The first round still comes at once:
        ///   something may have been repaired while the server was down.
        init(failingSince: Int64?) {
            state = failingSince.map { .failing(since: $0, last: DeliveryFailure(.notDefined, "not reachable before the restart")) } ?? .reachable
        }

        /// Set once a failure comes an hour or more after the outage began; cleared by a success.
        private(set) var isLongOutage = false

        /// Attempts per round.
        var attempts: Int { isLongOutage ? Self.reducedAttempts : Self.normalAttempts }

        /// The wait between rounds while failing, and the batching period of a batched destination.
        var interval: Int64 { isLongOutage ? Self.longInterval : Self.normalInterval }

        var isReachable: Bool { state == .reachable }

        /// When the next round may start: the retry schedule's moment, and for a batched
        /// destination not before the oldest waiting message has waited one interval (§6.3.1.3).
        /// 0 = at once. `run` sleeps on it and the status shows it, so both say the same.
        func roundDue(oldestWaitingAt: Int64?, batched: Bool) -> Int64 {
            guard batched, let oldest = oldestWaitingAt else { return nextRoundAt }
            return max(nextRoundAt, oldest + interval)
        }

        /// The peer said it is back (an alarm server logged on): the next round may start at
        /// once instead of at the retry schedule's moment. The outage ends only when it delivers.
        mutating func peerReturned(at now: Int64) {
            nextRoundAt = min(nextRoundAt, now)
        }

        /// A round failed at `now`. Returns `true` when this starts an outage (the moment to
        /// report "… not reachable").
        mutating func roundFailed(at now: Int64, _ failure: DeliveryFailure) -> Bool {
            switch state {
            case .reachable:
                state = .failing(since: now, last: failure)
                nextRoundAt = now + interval
                return true
            case .failing(let since, _):
                state = .failing(since: since, last: failure)
                if now - since >= Self.longAfter { isLongOutage = true }
                nextRoundAt = now + interval
                return false
            }
        }

        /// A batch was delivered at `now`. Returns `true` when this ends an outage (the moment to
        /// report "… reachable").
        mutating func delivered(at now: Int64) -> Bool {
            lastSuccessAt = now
            nextRoundAt = 0
            isLongOutage = false
            defer { state = .reachable }
            return state != .reachable
        }
    }
}
