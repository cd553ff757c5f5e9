/// The link to the alarm server as the manual's two event messages see it (Tab. 24 codes 1 and
/// 2, docs/atas.md "Logon, cycle signal, logoff"): up from a logon until a logoff (cause 0) or a
/// missing cycle signal (cause 1). A connection that breaks without a logoff is not yet a lost
/// link: the alarm server has until its cycle signal is due to log on again, and a hiccup
/// within that raises nothing.
///
/// Pure: times are given (µs), actions are returned for the interface to carry out.
struct ATASLink: Sendable, Hashable {
    enum State: Sendable, Hashable {
        /// No alarm server logged on, and "Connection lost" raised (or nothing raised yet).
        case down
        /// Logged on; the next cycle signal is due by `deadline`.
        case connected(deadline: Int64)
        /// The connection broke without a logoff; lost at `deadline` unless a logon comes first.
        case broken(deadline: Int64)

        /// How the status shows it.
        var name: String {
            switch self {
            case .down: "down"
            case .connected: "connected"
            case .broken: "broken"
            }
        }
    }

    enum Action: Sendable, Hashable {
        case raiseEstablished
        /// `cause`: 0 logoff, 1 missing cycle signal.
        case raiseLost(cause: Int)
        /// The connection must be closed (its cycle signal is overdue).
        case close
    }

    private(set) var state: State = .down

    /// One and a half intervals: a cycle signal sent on time and delayed by the network is
    /// not a missing one.
    static func deadline(after now: Int64, cycleSeconds: Int) -> Int64 { now + Int64(cycleSeconds) * 1_500_000 }

    /// A logon was accepted.
    mutating func loggedOn(at now: Int64, cycleSeconds: Int) -> [Action] {
        let wasDown = state == .down
        state = .connected(deadline: Self.deadline(after: now, cycleSeconds: cycleSeconds))
        return wasDown ? [.raiseEstablished] : []
    }

    /// A cycle signal arrived.
    mutating func cycled(at now: Int64, cycleSeconds: Int) {
        guard case .connected = state else { return }
        state = .connected(deadline: Self.deadline(after: now, cycleSeconds: cycleSeconds))
    }

    /// The alarm server logged off.
    mutating func loggedOff() -> [Action] {
        guard case .connected = state else { return [] }
        state = .down
        return [.raiseLost(cause: 0)]
    }

    /// The logged-on connection closed without a logoff.
    mutating func connectionClosed() {
        guard case .connected(let deadline) = state else { return }
        state = .broken(deadline: deadline)
    }

    /// Time passed: an overdue cycle signal ends the link.
    mutating func tick(at now: Int64) -> [Action] {
        switch state {
        case .connected(let deadline) where now >= deadline:
            state = .down
            return [.close, .raiseLost(cause: 1)]
        case .broken(let deadline) where now >= deadline:
            state = .down
            return [.raiseLost(cause: 1)]
        default:
            return []
        }
    }
}
