import EventLog

extension SystemState {
    /// Folds one event into the state. Total: never fails, never decides (architecture rule 2).
    ///
    /// Events carry whole records, so created and updated are the same assignment; a record that
    /// is already gone is simply not there after a delete. `nextTerminalID` only moves forward, so
    /// an id is never handed out twice even after its terminal was deleted.
    public mutating func apply(_ event: consuming DomainEvent) {
        fold(event)
    }

    /// Folds a stored row if it is a domain event; other types are skipped. Throws
    /// ``EventDecodingError`` for a domain row that cannot be read.
    public mutating func apply(_ row: borrowing RawEventRow) throws {
        if let event = try DomainEvent.decode(type: row.type, schema: row.schema, payload: row.payload) {
            fold(event)
        }
    }

    /// Takes the event by value so replay moves the freshly decoded records into the
    /// dictionaries instead of copying them. Each arm builds the stream name itself so a
    /// terminal id is turned into text once.
    private mutating func fold(_ event: consuming DomainEvent) {
        let stream: String
        switch consume event {
        case .systemIdentitySet(let identity):
            self.identity = identity
            stream = "system"
        case .userCreated(let user), .userUpdated(let user):
            stream = "user/" + user.number
            users[user.number] = user
        case .userDeleted(let number):
            stream = "user/" + number
            users.removeValue(forKey: number)
            if telephonySet?.users[number] != nil { updateTelephony { $0.users.removeValue(forKey: number) } }
        case .terminalCreated(let terminal):
            let key = String(terminal.id)
            stream = "terminal/" + key
            terminals[key] = terminal
            nextTerminalID = Swift.max(nextTerminalID, terminal.id == Int.max ? Int.max : terminal.id + 1)
        case .terminalUpdated(let terminal):
            let key = String(terminal.id)
            stream = "terminal/" + key
            terminals[key] = terminal
        case .terminalDeleted(let id):
            let key = String(id)
            stream = "terminal/" + key
            terminals.removeValue(forKey: key)
        case .eventMessageOccurred(let message):
            stream = DomainEvent.eventMessagesStream
            eventMessages.apply(occurred: message)
        case .eventMessageConfirmed(_, let identity, _):
            stream = DomainEvent.eventMessagesStream
            eventMessages.apply(confirmed: identity)
        case .eventFiltersSet(let table, let filters):
            stream = "eventtable/" + String(table)
            eventMessages.apply(table: table, filters: filters)
        case .destinationConfigured(let destination):
            stream = "destination/" + destination.id
            eventMessages.destinations[destination.id] = destination
        case .destinationKindSwitched(let kind, let on):
            stream = "destinationkind/" + kind.rawValue
            eventMessages.kindSwitches[kind.rawValue] = on ? nil : false
        case .accountCreated(let account):
            stream = DomainEvent.accountStream(account.name)
            accessControl.accounts[account.key] = account
        case .accountUpdated(let name, let profile):
            stream = DomainEvent.accountStream(name)
            accessControl.accounts[UserAccount.key(name)]?.profile = profile
        case .accountDeleted(let name):
            stream = DomainEvent.accountStream(name)
            accessControl.accounts.removeValue(forKey: UserAccount.key(name))
        case .accountPasswordSet(let name, let hash, let mustChange):
            stream = DomainEvent.accountStream(name)
            accessControl.apply(passwordSet: name, hash: hash, mustChange: mustChange)
        case .accountAccess(let attempt):
            stream = DomainEvent.accountStream(attempt.account)
            accessControl.apply(access: attempt)
        case .profileCreated(let profile), .profileUpdated(let profile):
            stream = DomainEvent.profileStream(profile.id)
            accessControl.customProfiles[profile.id] = profile
        case .profileDeleted(let id):
            stream = DomainEvent.profileStream(id)
            accessControl.customProfiles.removeValue(forKey: id)
        case .accessControlSettingsSet(let settings):
            stream = DomainEvent.accessControlStream
            accessControl.settings = settings
        case .remoteMaintenanceSet(let mode):
            stream = DomainEvent.remoteMaintenanceStream
            accessControl.remoteMaintenance = mode
        case .snmpAgentSet(let settings):
            stream = DomainEvent.snmpAgentStream
            snmpAgent = settings
        case .tlsCertificateInstalled(let certificate):
            stream = DomainEvent.tlsStream
            tls = TLSState(certificate: certificate)
        case .tlsCertificateExpiryReported(let fingerprint, let expiry):
            stream = DomainEvent.tlsStream
            if tls.certificate?.fingerprint == fingerprint { tls.reportedExpiry = expiry }
        case .dosProtectionSet(let settings):
            stream = DomainEvent.dosProtectionStream
            dosProtectionSet = settings
        case .userTelephonySet(let settings):
            stream = "user/" + settings.number
            updateTelephony { $0.users[settings.number] = settings.isDefault ? nil : settings }
        case .messageGroupSet(let group):
            stream = DomainEvent.messageGroupStream(group.number)
            updateTelephony { $0.messageGroups[String(group.number)] = group }
        case .messageGroupDeleted(let number):
            stream = DomainEvent.messageGroupStream(number)
            updateTelephony { $0.messageGroups.removeValue(forKey: String(number)) }
        case .emergencySettingsSet(let settings):
            stream = DomainEvent.emergencyStream
            updateTelephony { $0.emergency = settings }
        case .mediaRelaySet(let settings):
            stream = DomainEvent.mediaRelayStream
            updateTelephony { $0.mediaRelaySet = settings }
        case .sipProviderSet(let provider):
            stream = DomainEvent.sipProviderStream(provider.number)
            updateTrunks { $0.providers[String(provider.number)] = provider }
        case .sipProviderDeleted(let number):
            stream = DomainEvent.sipProviderStream(number)
            updateTrunks { $0.providers.removeValue(forKey: String(number)) }
        case .sipAccountSet(let account):
            stream = DomainEvent.sipAccountStream(account.number)
            updateTrunks { $0.accounts[String(account.number)] = account }
        case .sipAccountDeleted(let number):
            stream = DomainEvent.sipAccountStream(number)
            updateTrunks { $0.accounts.removeValue(forKey: String(number)) }
        case .trunkRoutingSet(let routing):
            stream = DomainEvent.trunkRoutingStream
            updateTrunks { $0.routingSet = routing }
        case .ddiPlanSet(let plan):
            stream = DomainEvent.ddiPlanStream
            updateTrunks { $0.ddiPlanSet = plan }
        case .smtpServerSet(let settings):
            stream = DomainEvent.smtpServerStream
            smtpServer = settings
        case .backupSettingsSet(let settings):
            stream = DomainEvent.backupSettingsStream
            backupSettingsSet = settings
        case .srmSettingsSet(let settings):
            stream = DomainEvent.srmStream
            srm = settings
        case .backupCreated, .backupDeleted:
            // Recorded for the audit trail; the archives themselves are files, not state.
            stream = DomainEvent.backupArchivesStream
        }
        streamVersions[stream, default: 0] += 1
    }

    /// Changes a part of the configuration that the state keeps only while something in it is
    /// set (telephony, trunks), and drops it again once nothing is, so the state (and its hash)
    /// is the one a log without those settings folds to.
    private mutating func update<Part: OptionalConfigurationPart>(_ member: WritableKeyPath<SystemState, Part?>, _ change: (inout Part) -> Void) {
        var part = self[keyPath: member] ?? .unset
        change(&part)
        self[keyPath: member] = part.isEmpty ? nil : part
    }

    private mutating func updateTelephony(_ change: (inout TelephonyConfiguration) -> Void) { update(\.telephonySet, change) }

    private mutating func updateTrunks(_ change: (inout TrunkConfiguration) -> Void) { update(\.trunksSet, change) }
}
