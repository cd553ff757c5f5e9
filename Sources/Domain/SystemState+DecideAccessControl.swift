extension SystemState {
    /// The account a first start creates (manual Tab. 22).
    public static let defaultAccountName = "admin"

    /// First start (manual §5.3.1.1): `admin` with the default password and the Administrator
    /// profile, marked to change the password before doing anything else. Nothing once any
    /// account exists, so a restart or a retry never recreates it.
    func decideBootstrap(adminPasswordHash: String, sealing: any SecretSealing) -> [DomainEvent] {
        guard accessControl.accounts.isEmpty else { return [] }
        let admin = UserAccount(
            name: Self.defaultAccountName, profile: AuthorizationProfile.administratorID,
            passwordHash: sealing.seal(adminPasswordHash), mustChangePassword: true, predefined: true
        )
        return [.accountCreated(admin)]
    }

    /// A personal account (§5.3.1.1). New accounts must change their password at the first
    /// login (§5.3.1.3: "The same applies to users whose accounts have been newly created").
    func decideCreateAccount(_ draft: AccountDraft, sealing: any SecretSealing) throws(DomainError) -> [DomainEvent] {
        try AccessControlRules.accountName(draft.name)
        try PasswordPolicy.check(draft.password, accountName: draft.name)
        guard accessControl.profile(draft.profile) != nil else { throw unknownProfile(draft.profile) }
        guard accessControl.account(named: draft.name) == nil else {
            throw .conflict(
                code: "account_exists", "account_exists: an account named \(draft.name) already exists (names are not case-sensitive, manual §5.3.1.1)",
                details: ["field": "name", "name": draft.name])
        }
        guard accessControl.accounts.count < CapacityLimit.userAccounts.max else { throw .capacityExceeded(.userAccounts) }
        let account = UserAccount(name: draft.name, profile: draft.profile, passwordHash: sealing.seal(draft.passwordHash), mustChangePassword: true)
        return [.accountCreated(account)]
    }

    /// A predefined account keeps its profile as well as its existence (§5.3.1.1 only says it
    /// cannot be deleted): `admin` with the Administrator profile is then always there, so no
    /// change can leave the system without someone who manages accounts — the manual has no
    /// password-free way back (§5.3.1.3 note).
    func decideUpdateAccount(name: String, profile: String) throws(DomainError) -> [DomainEvent] {
        guard let account = accessControl.account(named: name) else { throw .notFound("account", name) }
        guard accessControl.profile(profile) != nil else { throw unknownProfile(profile) }
        guard account.profile != profile else { return [] }
        guard !account.predefined else { throw predefinedAccount(account, "keeps its profile") }
        return [.accountUpdated(name: account.name, profile: profile)]
    }

    /// Predefined accounts cannot be deleted (§5.3.1.1).
    func decideDeleteAccount(name: String) throws(DomainError) -> [DomainEvent] {
        guard let account = accessControl.account(named: name) else { throw .notFound("account", name) }
        guard !account.predefined else { throw predefinedAccount(account, "cannot be deleted") }
        return [.accountDeleted(name: account.name)]
    }

    /// A new password (§5.3.1.3): every syntax rule, then the history; the hash is sealed so
    /// the log holds it encrypted. Setting it also reactivates a blocked account.
    func decideSetPassword(_ change: PasswordChange, sealing: any SecretSealing) throws(DomainError) -> [DomainEvent] {
        guard let account = accessControl.account(named: change.account) else { throw .notFound("account", change.account) }
        try PasswordPolicy.check(change.newPassword, accountName: account.name)
        guard !change.matchesRecentPassword else { throw PasswordPolicy.historyBroken() }
        return [.accountPasswordSet(name: account.name, hash: sealing.seal(change.newPasswordHash), mustChange: change.mustChangeAtNextLogin)]
    }

    func decideRecordAccess(_ attempt: AccessAttempt) throws(DomainError) -> [DomainEvent] {
        guard accessControl.accounts[attempt.account] != nil else { throw .notFound("account", attempt.account) }
        return [.accountAccess(attempt)]
    }

    /// A personal profile (§5.3.1.2); at most 25 profiles, the predefined ones included.
    func decideCreateProfile(_ profile: AuthorizationProfile) throws(DomainError) -> [DomainEvent] {
        try AccessControlRules.profileID(profile.id)
        try DomainRules.displayName(profile.name)
        guard accessControl.profile(profile.id) == nil else {
            throw .conflict(code: "profile_exists", "profile_exists: a profile with id \(profile.id) already exists", details: ["id": profile.id])
        }
        guard AuthorizationProfile.predefined.count + accessControl.customProfiles.count < CapacityLimit.authorizationProfiles.max else {
            throw .capacityExceeded(.authorizationProfiles)
        }
        var custom = profile
        custom.predefined = false
        return [.profileCreated(custom)]
    }

    func decideUpdateProfile(_ profile: AuthorizationProfile) throws(DomainError) -> [DomainEvent] {
        try DomainRules.displayName(profile.name)
        if AuthorizationProfile.predefinedByID[profile.id] != nil { throw predefinedProfile(profile.id) }
        guard let current = accessControl.customProfiles[profile.id] else { throw .notFound("profile", profile.id) }
        var custom = profile
        custom.predefined = false
        guard custom != current else { return [] }
        return [.profileUpdated(custom)]
    }

    func decideDeleteProfile(id: String) throws(DomainError) -> [DomainEvent] {
        if AuthorizationProfile.predefinedByID[id] != nil { throw predefinedProfile(id) }
        guard accessControl.customProfiles[id] != nil else { throw .notFound("profile", id) }
        let users = accessControl.accounts.values.filter { $0.profile == id }.map(\.name).sorted()
        guard users.isEmpty else {
            throw .conflict(
                code: "profile_in_use", "profile_in_use: profile \(id) is assigned to \(users.joined(separator: ", ")); assign them another profile first",
                details: ["id": id, "accounts": users.joined(separator: ",")])
        }
        return [.profileDeleted(id: id)]
    }

    func decideSetAccessControlSettings(_ settings: AccessControlSettings) throws(DomainError) -> [DomainEvent] {
        let limit = CapacityLimit.sessionIdleTimeoutMinutes
        guard limit.range.contains(settings.idleTimeoutMinutes) else {
            throw .outOfRange(limit, field: "idleTimeoutMinutes", value: settings.idleTimeoutMinutes)
        }
        guard settings != accessControl.settings else { return [] }
        return [.accessControlSettingsSet(settings)]
    }

    /// §5.4.1: switching remote maintenance on raises "Remote maintenance enabled", barring it
    /// raises "Remote maintenance disabled"; one-off ↔ permanent changes only the mode.
    func decideSetRemoteMaintenance(_ mode: RemoteMaintenanceMode, at: Int64) throws(DomainError) -> [DomainEvent] {
        let current = accessControl.remoteMaintenance
        guard mode != current else { return [] }
        var events: [DomainEvent] = [.remoteMaintenanceSet(mode)]
        if mode.isEnabled != current.isEnabled {
            let key = mode.isEnabled ? EventCatalogue.Key.remoteMaintenanceEnabled : EventCatalogue.Key.remoteMaintenanceDisabled
            events += try decideRaise(EventMessageRequest(type: key, at: at))
        }
        return events
    }

    private func unknownProfile(_ id: String) -> DomainError {
        .invalid(field: "profile", rule: "unknown authorization profile \"\(id)\" (GET /api/v1/profiles lists them)")
    }

    private func predefinedAccount(_ account: UserAccount, _ rule: String) -> DomainError {
        .conflict(
            code: "account_predefined", "account_predefined: \(account.name) is a predefined account and \(rule) (manual §5.3.1.1)",
            details: ["name": account.name])
    }

    private func predefinedProfile(_ id: String) -> DomainError {
        .conflict(
            code: "profile_predefined", "profile_predefined: \(id) is a predefined profile and cannot be changed or deleted (manual §5.3.1.2)",
            details: ["id": id])
    }
}
