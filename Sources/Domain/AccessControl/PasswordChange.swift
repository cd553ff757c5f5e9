/// A new password for an account (manual §5.3.1.3). Who may ask for it (the account itself, or
/// someone with the user access control right) is checked before; `decide` checks the syntax
/// and records the sealed hash.
public struct PasswordChange: Sendable, Hashable {
    public var account: String
    public var newPassword: String
    /// The encoded hash of `newPassword`, made outside `decide` (it is deliberately slow).
    public var newPasswordHash: String
    /// Whether `newPassword` matched one of the account's last hashes; verified outside `decide`
    /// against the account version the command expects.
    public var matchesRecentPassword: Bool
    /// Set when someone else chose the password: the owner must replace it at the next login.
    public var mustChangeAtNextLogin: Bool

    public init(account: String, newPassword: String, newPasswordHash: String, matchesRecentPassword: Bool, mustChangeAtNextLogin: Bool) {
        self.account = account
        self.newPassword = newPassword
        self.newPasswordHash = newPasswordHash
        self.matchesRecentPassword = matchesRecentPassword
        self.mustChangeAtNextLogin = mustChangeAtNextLogin
    }
}
