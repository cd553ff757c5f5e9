import AdminAPI
import Synchronization

/// A restart of the whole server asked for from inside it: the restore of a backup (manual
/// §5.6.4.4: "The communication server is restarted after the configuration data is restored").
/// Asking shuts the service group down gracefully, as SIGTERM would, and ``CallplaneServer/run``
/// then answers ``CallplaneServer/Termination/restart`` so the process starts itself again.
public final class ServerRestart: Sendable {
    private let state = Mutex<(requested: Bool, staging: Bool, trigger: (@Sendable () async -> Void)?)>((false, false, nil))

    public init() {}

    public var isRequested: Bool { state.withLock { $0.requested } }

    /// What shuts the server down; set once the service group exists.
    func onRequest(_ trigger: @escaping @Sendable () async -> Void) {
        state.withLock { $0.trigger = trigger }
    }

    /// Runs `work` — a restore or first start building its swap beside the live log — unless
    /// another is under way or already waits for the restart (409): they share the staged file
    /// and the journal, so two at once would spoil each other.
    func staging<Value: Sendable>(_ work: () async throws -> Value) async throws -> Value {
        let free = state.withLock { state in
            guard !state.staging, !state.requested else { return false }
            state.staging = true
            return true
        }
        guard free else {
            throw APIError(
                status: .conflict, code: "restore_in_progress",
                message: "a restore or first start is being prepared or waits for the restart; try again once the server is back")
        }
        defer { state.withLock { $0.staging = false } }
        return try await work()
    }

    /// Marks the restart and starts the shutdown.
    func request() async {
        let trigger = state.withLock { state -> (@Sendable () async -> Void)? in
            state.requested = true
            return state.trigger
        }
        await trigger?()
    }
}
