import ControlPlane
import Domain
import EventLog
import Foundation
import Logging
import Synchronization

/// Writes each call into the log as it happens (issue 15, point 4): `call.started`,
/// `call.answered` and `call.ended` on the call's own stream `call/<callID>`, through the same
/// fact appender as the registrar — enough, joined, to be a call detail record.
///
/// Signalling does not wait for the disk (docs/architecture.md, "How the planned telephony
/// modules fit"): each method queues its fact for the next group commit and returns at once.
/// The recorder keeps its calls in order: a fact is queued under the recorder's lock, and the
/// log commits in queue order, so a call's facts are in the log in the order they were recorded
/// even when its legs run on different event loops. It refuses (logs and drops) what would
/// break a call's record: a second start, an answer or an end of a call it did not start, a
/// second answer, anything after the end.
///
/// A call whose end is lost with the process (a crash) stays open in the log; the next start
/// closes it with cause `restart` (``closeOpenCalls(_:lastAlive:)``).
public final class CallRecorder: Sendable {
    /// What the recorder remembers of a call between its start and its end.
    struct OpenCall {
        var caller: String?
        var callee: String?
        var callerTerminal: Int?
        var answeredAt: Int64?
        var answeringTerminal: Int?
    }

    private let open = Mutex<[String: OpenCall]>([:])
    let factAppender: FactAppender
    private let clock: any WallClock
    private let logger: Logger

    /// - Parameter facts: an appender that may write the call family (``ActiveCalls/family``),
    ///   like the registrar's.
    public init(facts: FactAppender, clock: any WallClock, logger: Logger) {
        self.factAppender = facts
        self.clock = clock
        self.logger = logger
    }

    /// A new call id: a time-ordered UUID, so the calls' streams sort by when they began.
    public static func makeCallID() -> String {
        UUID.timeOrdered().uuidString.lowercased()
    }

    /// Calls started and not yet ended by this run.
    public var openCount: Int { open.withLock { $0.count } }

    /// Records a call the B2BUA accepted for routing. `at` defaults to the injected clock's now.
    /// Returns the append's ticket (await it for durability, or not), `nil` when refused.
    @discardableResult
    public func started(
        callID: String, caller: String?, callerTerminal: Int?, callerSource: String, dialled: String, callee: String?, kind: CallKind,
        at: Int64? = nil
    ) -> AppendTicket? {
        let start = CallStart(
            callID: callID, caller: caller, callerTerminal: callerTerminal, callerSource: callerSource, dialled: dialled, callee: callee, kind: kind,
            at: at ?? clock.now())
        return open.withLock { open -> AppendTicket? in
            guard !callID.isEmpty, open[callID] == nil else { return refuse(.started(start), "the call id is empty or already started") }
            open[callID] = OpenCall(caller: caller, callee: callee, callerTerminal: callerTerminal)
            return submit(.started(start), actor: Self.actor(caller), source: callerSource)
        }
    }

    /// Records the answer that won the call (the first 2xx among its forks).
    @discardableResult
    public func answered(
        callID: String, terminal: Int?, contact: String, at: Int64? = nil, relayed: Bool = false, callerSRTP: Bool = false, calleeSRTP: Bool = false
    ) -> AppendTicket? {
        let answer = CallAnswer(
            callID: callID, terminal: terminal, contact: contact, at: at ?? clock.now(), relayed: relayed, callerSRTP: callerSRTP, calleeSRTP: calleeSRTP)
        return open.withLock { open -> AppendTicket? in
            guard let call = open[callID], call.answeredAt == nil else { return refuse(.answered(answer), "the call is not open or already answered") }
            open[callID]?.answeredAt = answer.at
            open[callID]?.answeringTerminal = terminal
            return submit(.answered(answer), actor: Self.actor(call.callee), source: contact)
        }
    }

    /// Records the end of a call. The duration runs from the recorded answer to `at` (0 if it
    /// was never answered); `terminals` are those the call was offered to, to which the caller's
    /// and the answering terminal are added.
    @discardableResult
    public func ended(
        callID: String, cause: CallEndCause, endedBy: CallEndedBy, terminals: [Int] = [], at: Int64? = nil, media: (packets: Int, lost: Int)? = nil
    ) -> AppendTicket? {
        let now = at ?? clock.now()
        return open.withLock { open -> AppendTicket? in
            guard let call = open.removeValue(forKey: callID) else {
                return refuse(
                    .ended(CallEnd(callID: callID, cause: cause, endedBy: endedBy, durationMs: 0, terminals: terminals, at: now)), "the call is not open")
            }
            let involved = Set(terminals + [call.callerTerminal, call.answeringTerminal].compactMap { $0 })
            let duration = call.answeredAt.map { max(0, now - $0) / 1000 } ?? 0
            let end = CallEnd(
                callID: callID, cause: cause, endedBy: endedBy, durationMs: duration, terminals: involved.sorted(), at: now, relayedPackets: media?.packets,
                lostPackets: media?.lost)
            let actor =
                switch endedBy {
                case .caller: Self.actor(call.caller)
                case .callee: Self.actor(call.callee)
                case .system: "system"
                }
            return submit(.ended(end), actor: actor, source: "b2bua")
        }
    }

    /// The actor of a user's own action, as the registrar names phones (`sip:<user>`).
    private static func actor(_ user: String?) -> String {
        user.map { "sip:" + $0 } ?? "anonymous"
    }

    private func submit(_ fact: CallFact, actor: String, source: String) -> AppendTicket? {
        do {
            return try factAppender.submit([Self.proposed(fact, actor: actor, source: source)])
        } catch {
            logger.error("call fact refused", metadata: ["type": "\(fact.type)", "call": "\(fact.callID)", "error": "\(error)"])
            return nil
        }
    }

    private func refuse(_ fact: CallFact, _ reason: String) -> AppendTicket? {
        logger.error("call fact out of order, not recorded", metadata: ["type": "\(fact.type)", "call": "\(fact.callID)", "reason": "\(reason)"])
        return nil
    }

    /// The facts of one call share its id as their correlation (when it is a UUID), so the
    /// events API can show a call's facts together.
    static func proposed(_ fact: CallFact, actor: String, source: String) -> ProposedEvent {
        ProposedEvent(
            stream: fact.stream, type: fact.type, actor: actor, source: source, correlation: UUID(uuidString: fact.callID), payload: fact.payload)
    }
}
