/// The calls open in the log, folded from call facts, and how many were started, answered and
/// ended since the system's first start. Kept by a fact projection with its own snapshot, apart
/// from the configuration: the API's active calls and SNMP's `simultaneous_calls` read it.
///
/// The fold follows a call's stream in order and ignores what cannot belong to it (an answer or
/// an end of a call it never saw start, a second answer, a second start), so one damaged or
/// lost fact costs one call's record, not the fold.
public struct ActiveCalls: Sendable, Hashable, Codable {
    /// Call id → the open call.
    public private(set) var calls: [String: ActiveCall] = [:]
    public private(set) var startedTotal: Int64 = 0
    public private(set) var answeredTotal: Int64 = 0
    public private(set) var endedTotal: Int64 = 0

    public init() {}

    /// Calls in progress (ringing or answered).
    public var count: Int { calls.count }

    public mutating func apply(_ fact: CallFact) {
        switch fact {
        case .started(let start):
            guard calls[start.callID] == nil else { return }
            calls[start.callID] = ActiveCall(start: start)
            startedTotal += 1
        case .answered(let answer):
            guard calls[answer.callID]?.answer == nil, calls[answer.callID] != nil else { return }
            calls[answer.callID]?.answer = answer
            answeredTotal += 1
        case .ended(let end):
            guard calls.removeValue(forKey: end.callID) != nil else { return }
            endedTotal += 1
        }
    }

    /// The ends of every open call, for the first start after the run that left them open
    /// (issue 15, point 4): cause `restart`, ended by the `system`.
    ///
    /// Nobody saw these calls end, so each is closed at `lastAlive` — the time of the last event
    /// the previous run wrote, the last instant it is known to have carried them — and never
    /// before the call's own last fact. Its duration is therefore what the server can vouch for
    /// (a lower bound), never the downtime on top (docs/decisions.md, "Calls in the log").
    /// In start order, so the log closes them in the order they began.
    public func restartClosures(lastAlive: Int64) -> [CallEnd] {
        calls.values
            .sorted { a, b in
                a.start.at != b.start.at ? a.start.at < b.start.at : a.start.callID.utf8.lexicographicallyPrecedes(b.start.callID.utf8)
            }
            .map { call in
                let end = max(lastAlive, call.start.at, call.answer?.at ?? .min)
                let duration = call.answer.map { (end - $0.at) / 1000 } ?? 0
                return CallEnd(callID: call.start.callID, cause: .restart, endedBy: .system, durationMs: duration, terminals: call.knownTerminals, at: end)
            }
    }
}
