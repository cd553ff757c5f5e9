/// Accounts, custom profiles, settings and the remote maintenance switch, as folded from the log.
public struct AccessControlState: Sendable, Hashable, Codable {
    /// By ``UserAccount/key``.
    public var accounts: [String: UserAccount]
    /// Custom profiles by id; the predefined ones are ``AuthorizationProfile/predefined``.
    public var customProfiles: [String: AuthorizationProfile]
    public var settings: AccessControlSettings
    public var remoteMaintenance: RemoteMaintenanceMode

    public init() {
        accounts = [:]
        customProfiles = [:]
        settings = AccessControlSettings()
        remoteMaintenance = .barred
    }

    public func account(named name: String) -> UserAccount? {
        accounts[UserAccount.key(name)]
    }

    public func profile(_ id: String) -> AuthorizationProfile? {
        AuthorizationProfile.predefinedByID[id] ?? customProfiles[id]
    }

    /// Predefined first, then custom ones by id.
    public var profiles: [AuthorizationProfile] {
        AuthorizationProfile.predefined + customProfiles.values.sorted { $0.id < $1.id }
    }
}
