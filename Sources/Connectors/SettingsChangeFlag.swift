import Synchronization

/// Set by the agent's watch when the settings changed under a live connection, read once the
/// connection has closed: the two run in different tasks, so it is a lock, not a variable.
final class SettingsChangeFlag: Sendable {
    private let value = Mutex(false)

    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}
