import Domain

/// The account behind a request that passed ``UserAccessControl/authorize(token:for:)``.
public struct AuthenticatedCaller: Sendable {
    public var token: String
    public var session: AdminSession
    public var account: UserAccount
    public var profile: AuthorizationProfile

    /// The account name as entered: the events' `actor`.
    public var actor: String { account.name }
}
