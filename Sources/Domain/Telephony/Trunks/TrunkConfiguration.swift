/// The SIP trunks (issue 16, point 1): providers and their accounts. The state keeps it only
/// once something in it was set, so a log without trunk events replays to the state, and the
/// hash, it had before they existed.
public struct TrunkConfiguration: Sendable, Hashable, Codable {
    /// By provider number (decimal).
    public var providers: [String: SIPProvider]
    /// By account number (decimal).
    public var accounts: [String: SIPAccount]
    /// `nil` until an administrator sets it: the defaults apply.
    var routingSet: TrunkRouting?
    /// `nil` until an administrator sets it: no DDI rings anyone.
    var ddiPlanSet: DDIPlan?

    public init(providers: [String: SIPProvider] = [:], accounts: [String: SIPAccount] = [:], routing: TrunkRouting? = nil, ddiPlan: DDIPlan? = nil) {
        self.providers = providers
        self.accounts = accounts
        routingSet = routing
        ddiPlanSet = ddiPlan
    }

    enum CodingKeys: String, CodingKey {
        case providers, accounts
        case routingSet = "routing"
        case ddiPlanSet = "ddiPlan"
    }

    /// Where incoming calls go.
    public var ddiPlan: DDIPlan { ddiPlanSet ?? DDIPlan() }

    /// The account whose DDIs include `number`, if any.
    public func account(carrying number: String) -> SIPAccount? {
        accounts.values.sorted { $0.number < $1.number }.first { account in
            account.ddis.contains { (try? DDIRange($0))?.contains(number) == true }
        }
    }

    /// The exchange access code and the other routing settings in force.
    public var routing: TrunkRouting { routingSet ?? TrunkRouting() }

    var isEmpty: Bool { providers.isEmpty && accounts.isEmpty && routingSet == nil && ddiPlanSet == nil }
}
