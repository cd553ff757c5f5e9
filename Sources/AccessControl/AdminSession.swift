import Domain

/// One logged-in account (manual §5.3.2: access ends after a period without activity). Kept in
/// memory only: a restart ends every session, and the token itself is never stored — the
/// registry keeps its SHA-256.
public struct AdminSession: Sendable, Hashable {
    /// Account key (lower-cased name).
    public var account: String
    /// The account's profile and level when the session opened; rights are read afresh from
    /// the state on every request, the level only counts places (§5.1).
    public var level: AuthorizationLevel
    /// A remote maintenance session (§5.4); its end closes a one-off enabling.
    public var remote: Bool
    /// `webadmin`, `api` or `remote`.
    public var interface: String
    public var source: String
    /// µs since the epoch.
    public var since: Int64
    public var lastActivity: Int64
}
