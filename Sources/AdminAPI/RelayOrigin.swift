/// Where a request came from when it did not come over the admin API's own socket but through
/// the SRM server's relay (manual §5.4 remote maintenance through SRM, docs/srm.md): the
/// technician and their address as the SRM server saw them, and the maintenance session. It
/// takes the place of the peer address — the way in a login is checked against (never a local
/// network: such a login is a remote one) and the source every event names — and marks the
/// actor, so the log shows each change came through SRM.
public struct RelayOrigin: Sendable, Hashable {
    /// `srm:<technician>`, before the account's name in the events' actor.
    public var actor: String
    /// `srm:<technician>@<address> session <first 8 of its id>`: the sessions' and events' source.
    public var source: String

    /// What every relayed actor and source begins with.
    static let prefix = "srm:"

    public init(technician: String, address: String, session: String) {
        actor = Self.prefix + technician
        source = "\(Self.prefix)\(technician)@\(address) session \(session.prefix(8))"
    }

    /// Whether a login opened from `sessionSource` may serve a request that came through `relay`
    /// (`nil`: over the API's own socket). A login opened through a maintenance session serves
    /// only that session, and one opened here never a relayed request: a token cannot carry a
    /// login past the remote maintenance rules (§5.4).
    static func admits(sessionSource: String, through relay: RelayOrigin?) -> Bool {
        guard let relay else { return !sessionSource.hasPrefix(prefix) }
        return sessionSource == relay.source
    }
}
