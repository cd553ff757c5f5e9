/// System-wide settings of user access control.
public struct AccessControlSettings: Sendable, Hashable, Codable {
    /// Automatic exit from the configuration after this long without activity (manual §5.3.2,
    /// which names no value; 15 minutes is what administrators know from WebAdmin-like tools).
    public var idleTimeoutMinutes: Int

    public init(idleTimeoutMinutes: Int = 15) {
        self.idleTimeoutMinutes = idleTimeoutMinutes
    }
}
