import Domain

/// A logged-in account: what ``UserAccessControl/login(name:password:interface:address:)`` returns
/// and what a request that passed ``UserAccessControl/authorize(token:for:)`` runs as.
public struct AuthenticatedCaller: Sendable {
    public var token: String
    public var session: AdminSession
    public var account: UserAccount
    public var profile: AuthorizationProfile

    /// The account name as entered: the events' `actor`.
    public var actor: String { account.name }
}
