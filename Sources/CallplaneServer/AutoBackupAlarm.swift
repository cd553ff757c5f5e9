import Domain
import Synchronization

/// "Auto backup failed" and its clearing (codes 1003/1004) per step — `backup` (the archive could
/// not be made) and `ftp` (the copy to the distribution's FTP server): raised once while the step
/// keeps failing, cleared once by its first success. What was last raised is kept here, as
/// raising goes through the command pipeline without waiting and the state would still say "not
/// active" to the next attempt; it starts from what the log says is active, so a restart keeps an
/// open failure open.
final class AutoBackupAlarm: Sendable {
    enum Step: String, Sendable {
        case backup, ftp
    }

    private let raise: @Sendable (EventMessageRequest) async -> Void
    private let activeSteps: @Sendable () -> Set<String>
    private let now: @Sendable () -> Int64
    /// The steps failing as last raised; `nil` until read from the state.
    private let failing = Mutex<Set<String>?>(nil)

    init(
        raise: @escaping @Sendable (EventMessageRequest) async -> Void, activeSteps: @escaping @Sendable () -> Set<String>,
        now: @escaping @Sendable () -> Int64
    ) {
        self.raise = raise
        self.activeSteps = activeSteps
        self.now = now
    }

    /// The steps with an active "Auto backup failed" in `state`.
    static func activeSteps(in state: EventMessageState) -> Set<String> {
        Set(state.activeMessages.filter { $0.type == EventCatalogue.Key.autoBackupFailed }.compactMap { $0.parameters["step"] })
    }

    func failed(_ step: Step, reason: String) async {
        let isNew = failing.withLock { failing in
            var steps = failing ?? activeSteps()
            defer { failing = steps }
            return steps.insert(step.rawValue).inserted
        }
        if isNew { await raise(request(EventCatalogue.Key.autoBackupFailed, step, reason: reason)) }
    }

    func succeeded(_ step: Step) async {
        let wasOpen = failing.withLock { failing in
            var steps = failing ?? activeSteps()
            defer { failing = steps }
            return steps.remove(step.rawValue) != nil
        }
        if wasOpen { await raise(request(EventCatalogue.Key.autoBackupSuccessful, step, reason: "")) }
    }

    private func request(_ type: String, _ step: Step, reason: String) -> EventMessageRequest {
        EventMessageRequest(type: type, parameters: ["step": step.rawValue, "reason": EventMessageRequest.parameterValue(reason)], at: now())
    }
}
