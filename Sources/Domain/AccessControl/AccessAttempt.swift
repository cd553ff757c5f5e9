/// One entry of an account's access log (manual §5.3.3): every login attempt, refused ones
/// included, with time, source address and interface.
public struct AccessAttempt: Sendable, Hashable, Codable {
    /// Why an attempt ended as it did. Only `wrongPassword` counts towards the lock-out
    /// (§5.3.1.3: "15 failed login attempts using incorrect passwords").
    public enum Outcome: String, Sendable, Hashable, Codable, CaseIterable {
        case ok
        case wrongPassword = "wrong_password"
        case blocked
        case interfaceNotPermitted = "interface_not_permitted"
        case sessionLimit = "session_limit"
        /// The right password on an account that must change it first, at an interface that
        /// cannot change it (the alarm server's logon): refused, as the default password must
        /// be changed before the account is used (§5.3.1.1).
        case passwordChangeRequired = "password_change_required"
    }

    /// Account key (lower-cased name).
    public var account: String
    /// µs since the epoch, from the injected clock.
    public var at: Int64
    /// Peer address.
    public var source: String
    /// `webadmin`, `api` or `remote`.
    public var interface: String
    public var outcome: Outcome

    public init(account: String, at: Int64, source: String, interface: String, outcome: Outcome) {
        self.account = account
        self.at = at
        self.source = source
        self.interface = interface
        self.outcome = outcome
    }

    public var succeeded: Bool { outcome == .ok }
}
