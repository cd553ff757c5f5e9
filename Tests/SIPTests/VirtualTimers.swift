@testable import SIP

/// A stand-in for the driver that will own the state machines: it performs the timer actions on
/// a virtual clock and fires due timers in order when told to advance to an explicit instant.
/// Nothing sleeps.
struct VirtualTimers {
    private(set) var now: Duration = .zero
    private var deadlines: [SIPTransactionTimer: Duration] = [:]
    /// Every action performed, with the instant it was performed at.
    private(set) var performed: [(at: Duration, action: SIPTransactionAction)] = []

    /// The timers scheduled now, with the instant each fires at.
    var scheduled: [SIPTransactionTimer: Duration] { deadlines }

    mutating func perform(_ actions: [SIPTransactionAction]) {
        for action in actions {
            performed.append((now, action))
            switch action {
            case .startTimer(let timer, let duration): deadlines[timer] = now + duration
            case .cancelTimer(let timer): deadlines[timer] = nil
            case .terminate: deadlines.removeAll()
            default: break
            }
        }
    }

    /// Fires, in deadline order, every timer due up to `instant` and performs what `fire`
    /// returns for it; then the clock stands at `instant`.
    mutating func advance(to instant: Duration, _ fire: (SIPTransactionTimer) -> [SIPTransactionAction]) {
        while let (timer, deadline) = deadlines.filter({ $0.value <= instant }).min(by: { $0.value < $1.value }) {
            now = deadline
            deadlines[timer] = nil
            perform(fire(timer))
        }
        now = instant
    }

    /// The instants at which `action` was performed.
    func instants(of matching: (SIPTransactionAction) -> Bool) -> [Duration] {
        performed.filter { matching($0.action) }.map(\.at)
    }
}

extension SIPTransactionAction {
    var isSend: Bool {
        switch self {
        case .sendRequest, .sendResponse: true
        default: false
        }
    }
}
