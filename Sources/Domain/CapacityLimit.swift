/// The capacity limits of the manual (§3.1.2 Tab. 13 "General system capacity", Tab. 14
/// "Maximum number of terminals per system and interface"), in one table (DESIGN rule 7).
/// Every check reads `max` from here; an error names the limit by its `rawValue`.
public enum CapacityLimit: String, Sendable, CaseIterable, Codable {
    /// Tab. 13: users (each needs a licence).
    case users
    /// Tab. 14: terminals per system, all kinds together.
    case terminals
    /// Tab. 13: terminals per user.
    case terminalsPerUser = "terminals_per_user"
    /// Tab. 14: Mitel SIP terminals (system SIP phones) on LAN interfaces.
    case systemSIPTerminals = "system_sip_terminals"
    /// Tab. 14: standard SIP terminals on LAN interfaces.
    case standardSIPTerminals = "standard_sip_terminals"
    /// Tab. 13: SIP user accounts.
    case sipUserAccounts = "sip_user_accounts"
    /// Tab. 13: user accounts for user access control.
    case userAccounts = "user_accounts"
    /// Tab. 13: authorization profiles for user accounts.
    case authorizationProfiles = "authorization_profiles"
    /// Tab. 13: log entries per user account.
    case logEntriesPerUserAccount = "log_entries_per_user_account"

    public var max: Int {
        switch self {
        case .users: 1200
        case .terminals: 2400
        case .terminalsPerUser: 16
        case .systemSIPTerminals: 2400
        case .standardSIPTerminals: 1200
        case .sipUserAccounts: 1200
        case .userAccounts: 25
        case .authorizationProfiles: 25
        case .logEntriesPerUserAccount: 20
        }
    }

    /// Where the manual states the limit.
    public var reference: String {
        switch self {
        case .terminals, .systemSIPTerminals, .standardSIPTerminals: "manual §3.1.3, Tab. 14"
        default: "manual §3.1.2, Tab. 13"
        }
    }
}
