/// The SIP trunks (issue 16, point 1): providers and their accounts. The state keeps it only
/// once something in it was set, so a log without trunk events replays to the state, and the
/// hash, it had before they existed.
public struct TrunkConfiguration: Sendable, Hashable, Codable {
    /// By provider number (decimal).
    public var providers: [String: SIPProvider]
    /// By account number (decimal).
    public var accounts: [String: SIPAccount]

    public init(providers: [String: SIPProvider] = [:], accounts: [String: SIPAccount] = [:]) {
        self.providers = providers
        self.accounts = accounts
    }

    var isEmpty: Bool { providers.isEmpty && accounts.isEmpty }
}
