import Synchronization

/// A restart of the whole server asked for from inside it: the restore of a backup (manual
/// §5.6.4.4: "The communication server is restarted after the configuration data is restored").
/// Asking shuts the service group down gracefully, as SIGTERM would, and ``CallplaneServer/run``
/// then answers ``CallplaneServer/Termination/restart`` so the process starts itself again.
public final class ServerRestart: Sendable {
    private let state = Mutex<(requested: Bool, trigger: (@Sendable () async -> Void)?)>((false, nil))

    public init() {}

    public var isRequested: Bool { state.withLock { $0.requested } }

    /// What shuts the server down; set once the service group exists.
    func onRequest(_ trigger: @escaping @Sendable () async -> Void) {
        state.withLock { $0.trigger = trigger }
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
