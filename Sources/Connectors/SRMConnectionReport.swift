import Domain
import Synchronization

/// "Connection to IP remote management (SRM) failed" and "… restored" (manual Tab. 24, codes 12
/// and 13): one failure raised per outage — not once per reconnection attempt — with the cause
/// it began with, and a new one only when the cause changes (a server back up that now refuses
/// the secret is news); one restored when the SRM server welcomes the system again.
///
/// What was last raised is kept here, as in ``EmailOutcomeReport``: raising goes through the
/// command pipeline without waiting. It starts from what the log says is active, so a restart
/// keeps an open failure open and its recovery is still reported.
public final class SRMConnectionReport: Sendable {
    private let raise: @Sendable (EventMessageRequest) -> Void
    private let activeFailure: @Sendable () -> SRMConnectionCause??
    private let now: @Sendable () -> Int64
    /// The cause last raised: `.none` until read from the state, `.some(nil)` when no failure is
    /// open.
    private let reported = Mutex<SRMConnectionCause??>(.none)

    /// - Parameter activeFailure: the cause of the active failed message, `.some(nil)` when none
    ///   is active.
    public init(
        raise: @escaping @Sendable (EventMessageRequest) -> Void, activeFailure: @escaping @Sendable () -> SRMConnectionCause??,
        now: @escaping @Sendable () -> Int64
    ) {
        self.raise = raise
        self.activeFailure = activeFailure
        self.now = now
    }

    public func failed(_ cause: SRMConnectionCause) {
        let isNew = reported.withLock { reported in
            let open = reported ?? activeFailure() ?? nil
            reported = .some(cause)
            return open != cause
        }
        if isNew {
            raise(EventMessageRequest(type: EventCatalogue.Key.srmConnectionFailed, parameters: ["cause": String(cause.rawValue)], at: now()))
        }
    }

    public func restored() {
        let wasOpen = reported.withLock { reported in
            let open = reported ?? activeFailure() ?? nil
            reported = .some(nil)
            return open != nil
        }
        if wasOpen { raise(EventMessageRequest(type: EventCatalogue.Key.srmConnectionRestored, parameters: [:], at: now())) }
    }

    /// The cause of the active failed message in `state`, `.some(nil)` when none is active.
    public static func activeFailure(in state: EventMessageState) -> SRMConnectionCause?? {
        guard let message = state.activeMessages.first(where: { $0.type == EventCatalogue.Key.srmConnectionFailed }) else { return .some(nil) }
        return .some(message.parameters["cause"].flatMap(Int.init).flatMap(SRMConnectionCause.init(rawValue:)) ?? .connectionAttemptFailed)
    }
}
