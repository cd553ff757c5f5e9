import Domain
import EventLog
import Foundation
import Synchronization

/// Turns commands into durable events: decide → append → (the projection) apply.
///
/// Commands are decided one at a time under a lock against a *decision state* that already
/// contains every event submitted before, and submitted to the log's queue under the same lock.
/// So a decision can never rest on a stale state (two concurrent creations at 1,199 users
/// cannot both pass the 1,200 limit), yet the durable commit is awaited outside the lock and
/// concurrent commands still share one group commit.
public final class CommandPipeline: Sendable {
    private struct Decisions: ~Copyable {
        var state: SystemState
        /// Event ids of submitted appends not yet durable, so a concurrent retry joins them.
        /// Appends of keyed commands not yet durable, with the streams they write to.
        var inFlight: [UUID: (ticket: AppendTicket, streams: [String], correlation: UUID)] = [:]
        /// Set when an append failed after its events were folded into `state`.
        var needsResync = false
    }

    private let log: EventLog
    let sealing: any SecretSealing
    private let decisions: Mutex<Decisions>

    /// - Parameter state: the state folded up to the log's head.
    public init(log: EventLog, state: SystemState, sealing: any SecretSealing) {
        self.log = log
        self.sealing = sealing
        self.decisions = Mutex(Decisions(state: state))
    }

    /// Decides and appends `command`.
    ///
    /// - Parameters:
    ///   - expectedVersion: the version of the command's stream the client last saw (`If-Match`);
    ///     a different current version refuses the command with `version_conflict`.
    ///   - idempotencyKey: a retry with the same key returns the original outcome and appends
    ///     nothing, even while the first attempt is still being committed.
    /// - Throws: ``DomainError`` when the command breaks a rule; ``EventLogError`` when the log
    ///   could not make it durable.
    public func execute(
        _ command: Command, origin: CommandOrigin,
        expectedVersion: Int64? = nil, idempotencyKey: IdempotencyKey? = nil
    ) async throws -> CommandOutcome {
        enum Step {
            case done(CommandOutcome)
            case await(AppendTicket, retry: Bool)
        }
        let step: Step = try decisions.withLock { decisions throws -> Step in
            if decisions.needsResync {
                decisions.state = try Self.fold(log)
                decisions.needsResync = false
            }
            let stream = command.stream(in: decisions.state)
            let correlation = idempotencyKey?.correlation(sealing: sealing)
            if let key = idempotencyKey, let correlation {
                if let pending = decisions.inFlight[key.eventID] {
                    try Self.checkSameRequest(key, firstUsedWith: pending.correlation, on: pending.streams, now: correlation, on: stream)
                    return .await(pending.ticket, retry: true)
                }
                if let original = try retriedOutcome(of: key, correlation: correlation, on: stream) {
                    return .done(original)
                }
            }
            let current = decisions.state.version(ofStream: stream)
            if let expectedVersion, expectedVersion != current {
                throw DomainError.conflict(
                    code: "version_conflict",
                    "version conflict on \(stream): expected version \(expectedVersion), current version \(current)",
                    details: ["stream": stream, "expected": String(expectedVersion), "actual": String(current)]
                )
            }
            let events = try decisions.state.decide(command, sealing: sealing)
            guard !events.isEmpty else {
                return .done(CommandOutcome(position: log.head, version: current, isRetry: false, changed: false))
            }
            let key = idempotencyKey ?? IdempotencyKey(eventID: .timeOrdered())
            let proposed = events.enumerated().map { index, event in
                event.proposed(actor: origin.actor, source: origin.source, id: key.eventID(at: index), correlation: correlation ?? key.eventID)
            }
            var expectations: [String: ExpectedVersion] = [:]
            for event in events where expectations[event.stream] == nil {
                expectations[event.stream] = .exactly(decisions.state.version(ofStream: event.stream))
            }
            for event in events {
                decisions.state.apply(event)
            }
            let ticket = log.submit(AppendRequest(events: proposed, expectations: expectations))
            if idempotencyKey != nil {
                decisions.inFlight[key.eventID] = (ticket, events.map(\.stream), correlation ?? key.eventID)
            }
            return .await(ticket, retry: false)
        }

        switch step {
        case .done(let outcome):
            return outcome
        case .await(let ticket, let retry):
            do {
                let result = try await ticket.result()
                if !retry { settle(idempotencyKey, failed: false) }
                return CommandOutcome(
                    position: result.lastPosition, version: result.lastVersion,
                    isRetry: retry || result.isRetry, changed: true
                )
            } catch {
                if !retry { settle(idempotencyKey, failed: true) }
                throw error
            }
        }
    }

    /// A copy of the decision state (for a ``Rehearsal``), rebuilt first if an append failed.
    func decisionState() throws -> SystemState {
        try decisions.withLock { decisions throws -> SystemState in
            if decisions.needsResync {
                decisions.state = try Self.fold(log)
                decisions.needsResync = false
            }
            return decisions.state
        }
    }

    /// The first attempt's append is over: later retries find it in the log (or decide anew).
    /// A failed append leaves the decision state ahead of the log, so it is rebuilt first.
    private func settle(_ key: IdempotencyKey?, failed: Bool) {
        decisions.withLock { decisions in
            if failed { decisions.needsResync = true }
            if let key { decisions.inFlight[key.eventID] = nil }
        }
    }

    /// The outcome recorded for `key`'s first attempt, if it was appended.
    ///
    /// - Throws: `idempotency_key_reused` when the key was first sent with another request
    ///   (``checkSameRequest(_:firstUsedWith:on:now:on:)``). Checked here, so the API, the CLI, a
    ///   web admin and function codes refuse a reused key alike.
    private func retriedOutcome(of key: IdempotencyKey, correlation: UUID, on stream: String) throws -> CommandOutcome? {
        guard let first = try log.position(ofEventID: key.eventID) else { return nil }
        var positions = [first]
        while let next = try log.position(ofEventID: key.eventID(at: positions.count)) { positions.append(next) }
        let events = try positions.compactMap { try log.event(at: $0) }
        try Self.checkSameRequest(key, firstUsedWith: events.first?.correlation ?? key.eventID, on: events.map(\.stream), now: correlation, on: stream)
        return CommandOutcome(position: positions.last!, version: events.last?.version ?? 0, isRetry: true, changed: true)
    }

    /// A key names one request (issue 13, point 13): its first use's events carry the request's
    /// authenticated digest as their correlation, and only the same request again is answered
    /// with their outcome. A first use that named no request (a caller without a body, or an
    /// append from before requests were named) is held to the older rule: the retry must be for
    /// the same kind of entity (`user/…`, `terminal/…`).
    private static func checkSameRequest(
        _ key: IdempotencyKey, firstUsedWith first: UUID, on streams: [String], now correlation: UUID, on stream: String
    ) throws(DomainError) {
        if key.request != nil, first == correlation { return }
        func kind(_ stream: String) -> Substring { stream.prefix { $0 != "/" } }
        if first == key.eventID, streams.contains(where: { kind($0) == kind(stream) }) { return }
        let used = streams.first ?? ""
        throw .conflict(
            code: "idempotency_key_reused",
            "this Idempotency-Key was first used for another request (on \(used)); use a fresh key",
            details: ["stream": used, "requested": stream])
    }

    /// Rebuilds the state from the whole log; only after a failed append, which is rare.
    static func fold(_ log: EventLog) throws -> SystemState {
        var state = SystemState()
        _ = try StateProjection.replay(log, after: 0, into: &state)
        return state
    }
}
