/// A user account of user access control (manual §5.3.1.1).
public struct UserAccount: Sendable, Hashable, Codable {
    /// As entered; names are compared case-insensitively through ``key``.
    public var name: String
    /// Id of the account's authorization profile.
    public var profile: String
    /// Sealed password hashes, newest (the current password) first; at most
    /// ``CapacityLimit/passwordHistory`` of them (§5.3.1.3: "the last 4 historic passwords").
    public var passwordHashes: [SealedSecret]
    /// Set for new accounts and after someone else set the password (§5.3.1.3).
    public var mustChangePassword: Bool
    /// Predefined accounts (`admin`) cannot be deleted (§5.3.1.1).
    public var predefined: Bool
    /// Wrong passwords since the last successful login.
    public var consecutiveFailures: Int
    /// After ``CapacityLimit/failedLoginsBeforeBlock`` wrong passwords (§5.3.1.3).
    public var blocked: Bool
    /// Newest last; at most ``CapacityLimit/logEntriesPerUserAccount`` entries (§5.3.3).
    public var accessLog: RecentEntries<AccessAttempt>

    public init(name: String, profile: String, passwordHash: SealedSecret, mustChangePassword: Bool, predefined: Bool = false) {
        self.name = name
        self.profile = profile
        self.passwordHashes = [passwordHash]
        self.mustChangePassword = mustChangePassword
        self.predefined = predefined
        self.consecutiveFailures = 0
        self.blocked = false
        self.accessLog = []
    }

    public var key: String { Self.key(name) }

    /// Names are not case-sensitive (§5.3.1.1); they are ASCII, so lower-casing is exact.
    public static func key(_ name: String) -> String { name.lowercased() }

    public var currentPasswordHash: SealedSecret? { passwordHashes.first }
}
