extension SystemState {
    /// The user with call number `number`.
    public func user(_ number: String) -> User? {
        users[number]
    }

    /// The terminal with id `id`.
    public func terminal(id: Int) -> Terminal? {
        terminals[String(id)]
    }

    /// The terminals assigned to the user `number`, by ascending id.
    public func terminals(ofUser number: String) -> [Terminal] {
        terminals.values.filter { $0.userNumber == number }.sorted { $0.id < $1.id }
    }

    /// How much of `limit` is in use, or `nil` for a limit whose records this state does not hold
    /// yet (SIP user accounts …), that is counted per record (``CapacityLimit/terminalsPerUser``:
    /// see ``terminals(ofUser:)``), that is a setting's range, or that the call core counts
    /// (registered terminals, simultaneous calls, SIP access channels in use: not configuration).
    public func usage(of limit: CapacityLimit) -> Int? {
        switch limit {
        case .users: users.count
        case .terminals: terminals.count
        case .systemSIPTerminals: terminals.values.count(where: { $0.kind == .systemSIP })
        case .standardSIPTerminals: terminals.values.count(where: { $0.kind == .standardSIP })
        case .eventLogEntries: eventMessages.eventLog.count
        case .powerFailureEntries: eventMessages.powerFailures.count
        case .snmpDestinations: configuredDestinations(.snmp)
        case .emailDestinations: configuredDestinations(.email)
        case .syslogDestinations: configuredDestinations(.local)
        case .userAccounts: accessControl.accounts.count
        case .authorizationProfiles: AuthorizationProfile.predefined.count + accessControl.customProfiles.count
        case .snmpCommunities: snmpAgent.communities.count
        case .snmpUsers: snmpAgent.users.count
        case .snmpAllowedNetworks: snmpAgent.allowedNetworks.count
        case .messageGroups: telephony.messageGroups.count
        case .publicEmergencyNumbers: emergencyNumbers.count
        case .sipProviders: trunks.providers.count
        case .sipAccounts: trunks.accounts.count
        case .ddiNumbers: trunks.accounts.values.reduce(0) { total, account in account.ddis.reduce(total) { $0 + ((try? DDIRange($1))?.count ?? 0) } }
        case .terminalsPerUser, .sipUserAccounts, .logEntriesPerUserAccount,
            .eventTables, .eventFilterFrequency, .eventFilterPeriodHours, .syslogFacility, .port,
            .accountNameLength, .passwordLength, .passwordHistory, .failedLoginsBeforeBlock,
            .administratorSessions, .sessionsPerLevel, .sessionIdleTimeoutMinutes,
            .snmpPassphraseLength, .snmpNameLength, .contactsPerTerminal, .registrationExpirySeconds,
            .dosFailedRegistrations, .dosTransactions, .dosRequestsWithoutSession, .dosModifiedMessages, .dosWindowSeconds, .dosBlockSeconds,
            .registeredTerminals, .simultaneousCalls, .messageGroupMembers, .trunkRegistrationIntervalSeconds, .sipAccessChannels, .voipChannels,
            .relayPort, .atasCycleSeconds, .atasTextLength, .atasTextRecipients, .atasSoftkeys,
            .backupKeepDays, .backupKeepWeeks, .backupKeepMonths, .backupTimeOfDay, .backupPassphraseLength, .srmSecretLength:
            nil
        }
    }

    private func configuredDestinations(_ kind: SignalDestinationKind) -> Int {
        eventMessages.destinations.values.count(where: { $0.kind == kind && $0.isConfigured })
    }

    /// Events applied so far to `stream` (0 for a stream that has none): the version an append
    /// to it can expect.
    public func version(ofStream stream: String) -> Int64 {
        streamVersions[stream] ?? 0
    }
}
