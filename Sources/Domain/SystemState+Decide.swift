extension SystemState {
    /// Decides `command` against this state: the events that carry it out, or the rule it breaks.
    /// Pure and fast; appends nothing.
    ///
    /// Checks run in a fixed order — field rules, then references to other records, then
    /// uniqueness conflicts, then capacity (architecture rule 7, ``CapacityLimit``) — so a command that
    /// breaks several rules always reports the same one. Secrets are sealed through `sealing`
    /// only after every check has passed; no event carries a plaintext password.
    ///
    /// A command that would change nothing (an update with the values already stored, an empty
    /// terminal patch, the identity already set) returns `[]`: the log records changes, and an
    /// idle retry of a form must not grow it. Values with a normal form (language, country, MAC
    /// address) are compared after normalising.
    public func decide(_ command: Command, sealing: any SecretSealing) throws(DomainError) -> [DomainEvent] {
        switch command {
        case .setSystemIdentity(let identity): try decideSetIdentity(identity)
        case .createUser(let user): try decideCreateUser(user)
        case .updateUser(let number, let patch): try decideUpdateUser(number, patch)
        case .deleteUser(let number): try decideDeleteUser(number)
        case .createTerminal(let draft): try decideCreateTerminal(draft, sealing: sealing)
        case .updateTerminal(let id, let patch): try decideUpdateTerminal(id: id, patch, sealing: sealing)
        case .deleteTerminal(let id): try decideDeleteTerminal(id: id)
        case .raiseEventMessage(let request): try decideRaise(request)
        case .confirmEventMessage(let number, let at): try decideConfirm(number: number, at: at)
        case .setEventFilters(let table, let filters): try decideSetFilters(table: table, filters: filters)
        case .configureDestination(let id, let change): try decideConfigureDestination(id: id, change, sealing: sealing)
        case .switchDestinationKind(let kind, let on): decideSwitchKind(kind, on: on)
        case .bootstrapAccessControl(let hash): decideBootstrap(adminPasswordHash: hash, sealing: sealing)
        case .createAccount(let draft): try decideCreateAccount(draft, sealing: sealing)
        case .updateAccount(let name, let profile): try decideUpdateAccount(name: name, profile: profile)
        case .deleteAccount(let name): try decideDeleteAccount(name: name)
        case .setPassword(let change): try decideSetPassword(change, sealing: sealing)
        case .recordAccess(let attempt): try decideRecordAccess(attempt)
        case .createProfile(let profile): try decideCreateProfile(profile)
        case .updateProfile(let profile): try decideUpdateProfile(profile)
        case .deleteProfile(let id): try decideDeleteProfile(id: id)
        case .setAccessControlSettings(let settings): try decideSetAccessControlSettings(settings)
        case .setRemoteMaintenance(let mode, let at): try decideSetRemoteMaintenance(mode, at: at)
        case .setSNMPAgent(let draft): try decideSetSNMPAgent(draft, sealing: sealing)
        case .installTLSCertificate(let draft, let at): try decideInstallTLSCertificate(draft, at: at, sealing: sealing)
        case .reportTLSCertificateExpiry(let at): try decideReportTLSCertificateExpiry(at: at)
        case .setDoSProtection(let settings): try decideSetDoSProtection(settings)
        case .setSMTPServer(let draft): try decideSetSMTPServer(draft, sealing: sealing)
        case .setBackupSettings(let draft): try decideSetBackupSettings(draft, sealing: sealing)
        case .setSRMSettings(let draft): try decideSetSRMSettings(draft, sealing: sealing)
        case .recordBackupCreated(let record): [.backupCreated(record)]
        case .recordBackupDeleted(let record): [.backupDeleted(record)]
        case .setUserTelephony(let number, let patch): try decideSetUserTelephony(number, patch)
        case .setMessageGroup(let group): try decideSetMessageGroup(group)
        case .deleteMessageGroup(let number): try decideDeleteMessageGroup(number: number)
        case .setEmergencySettings(let settings): try decideSetEmergencySettings(settings)
        case .setMediaRelay(let settings): try decideSetMediaRelay(settings)
        case .setSIPProvider(let provider): try decideSetSIPProvider(provider)
        case .deleteSIPProvider(let number): try decideDeleteSIPProvider(number: number)
        case .setSIPAccount(let draft): try decideSetSIPAccount(draft, sealing: sealing)
        case .deleteSIPAccount(let number): try decideDeleteSIPAccount(number: number)
        case .setTrunkRouting(let routing): try decideSetTrunkRouting(routing)
        case .setDDIPlan(let plan): try decideSetDDIPlan(plan)
        }
    }

    /// The identity the system reports (name, system id, sales channel, country). The manual asks
    /// for a site name at first access (§5.5, first access view) and the country drives
    /// localisation (§5.6.2).
    private func decideSetIdentity(_ identity: SystemIdentity) throws(DomainError) -> [DomainEvent] {
        try DomainRules.displayName(identity.name, field: "name")
        try DomainRules.shortText(identity.systemID, field: "systemId")
        if identity.systemID.isEmpty, !self.identity.systemID.isEmpty {
            throw .invalid(field: "systemId", rule: "the system id names this installation (its SNMPv3 engine ID is made of it) and cannot be cleared")
        }
        try DomainRules.shortText(identity.salesChannel, field: "salesChannel")
        try DomainRules.shortText(identity.country, field: "country")
        var normalised = identity
        normalised.country = try DomainRules.country(identity.country)
        guard normalised != self.identity else { return [] }
        if emergencyNumbersFollowCountry, normalised.country != self.identity.country {
            try requireNoUserAmong(EmergencySettings.countryDefaults(normalised.country), field: "country")
        }
        return [.systemIdentitySet(normalised)]
    }
}
