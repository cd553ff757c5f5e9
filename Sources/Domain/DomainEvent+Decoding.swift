extension DomainEvent {
    /// Shared by the String and the ``RawEventRow`` forms of `decode`, so both follow exactly the
    /// same rules. Reads each payload straight into the event's fields.
    static func decode(type: UnsafeBufferPointer<UInt8>, schema: Int, payload: UnsafeBufferPointer<UInt8>) throws(EventDecodingError) -> DomainEvent? {
        guard let kind = Kind(bytes: type) else { return nil }
        return try decode(kind, schema: schema, payload: payload)
    }

    /// A payload of a type already dispatched (the replay's lanes look at the kind first).
    static func decode(_ kind: Kind, schema: Int, payload: UnsafeBufferPointer<UInt8>) throws(EventDecodingError) -> DomainEvent {
        guard schema == kind.currentSchema || kind.upcasts(from: schema) else {
            throw EventDecodingError(
                type: kind.rawValue, schema: schema,
                reason: "unknown schema \(schema) (this build reads schema \(kind.currentSchema))")
        }
        var reader = JSONReader(payload)
        do throws(JSONReader.ReadError) {
            let event = try read(kind, schema: schema, &reader)
            try reader.finish()
            return event
        } catch {
            throw EventDecodingError(type: kind.rawValue, schema: schema, reason: error.description)
        }
    }

    /// One payload through its type's declared table (``DomainEvent`` + `Payloads`).
    private static func read(_ kind: Kind, schema: Int, _ reader: inout JSONReader) throws(JSONReader.ReadError) -> DomainEvent {
        switch kind {
        case .systemIdentitySet: return .systemIdentitySet(try identityPayload.readObject(&reader))
        case .userCreated: return .userCreated(try userPayload.readObject(&reader))
        case .userUpdated: return .userUpdated(try userPayload.readObject(&reader))
        case .userDeleted: return .userDeleted(number: try userKeyPayload.readObject(&reader).number)
        case .terminalCreated: return .terminalCreated(try terminalPayload.readObject(&reader))
        case .terminalUpdated: return .terminalUpdated(try terminalPayload.readObject(&reader))
        case .terminalDeleted: return .terminalDeleted(id: try terminalKeyPayload.readObject(&reader).id)
        case .eventMessageOccurred: return .eventMessageOccurred(try occurrencePayload.readObject(&reader))
        case .eventMessageConfirmed:
            let record = try confirmationPayload.readObject(&reader)
            return .eventMessageConfirmed(number: record.number, identity: record.identity, clearing: record.clearing)
        case .eventFiltersSet:
            let record = try filterRowsPayload.readObject(&reader)
            return .eventFiltersSet(table: record.table, filters: record.filters)
        case .destinationConfigured:
            return .destinationConfigured(schema == 1 ? try SignalDestination.readSchema1Payload(&reader) : try SignalDestination.payload.readObject(&reader))
        case .destinationKindSwitched:
            let record = try kindSwitchPayload.readObject(&reader)
            return .destinationKindSwitched(kind: record.kind, on: record.on)
        case .accountCreated:
            let record = try newAccountPayload.readObject(&reader)
            return .accountCreated(
                UserAccount(
                    name: record.name, profile: record.profile, passwordHash: record.passwordHash, mustChangePassword: record.mustChangePassword,
                    predefined: record.predefined))
        case .accountUpdated:
            let record = try accountProfilePayload.readObject(&reader)
            return .accountUpdated(name: record.name, profile: record.profile)
        case .accountDeleted: return .accountDeleted(name: try accountKeyPayload.readObject(&reader).name)
        case .accountPasswordSet:
            let record = try passwordChangePayload.readObject(&reader)
            return .accountPasswordSet(name: record.name, hash: record.passwordHash, mustChange: record.mustChangePassword)
        case .accountAccess: return .accountAccess(try accessAttemptPayload.readObject(&reader))
        case .profileCreated: return .profileCreated(try profilePayload.readObject(&reader))
        case .profileUpdated: return .profileUpdated(try profilePayload.readObject(&reader))
        case .profileDeleted: return .profileDeleted(id: try profileKeyPayload.readObject(&reader).id)
        case .accessControlSettingsSet: return .accessControlSettingsSet(try accessSettingsPayload.readObject(&reader))
        case .remoteMaintenanceSet: return .remoteMaintenanceSet(try remoteMaintenancePayload.readObject(&reader).mode)
        case .snmpAgentSet:
            let record = try snmpAgentPayload.readObject(&reader)
            guard Set(record.authPassphrases.keys) == Set(record.privPassphrases.keys) else {
                throw JSONReader.ReadError(offset: reader.index, reason: "authPassphrases and privPassphrases name different users")
            }
            let users = record.authPassphrases.keys.sorted().map {
                SNMPUser(name: $0, authPassphrase: record.authPassphrases[$0]!, privPassphrase: record.privPassphrases[$0]!)
            }
            return .snmpAgentSet(SNMPAgentSettings(communities: record.communities, users: users, allowedNetworks: record.allowedNetworks))
        case .tlsCertificateInstalled: return .tlsCertificateInstalled(try tlsCertificatePayload.readObject(&reader))
        case .tlsCertificateExpiryReported:
            let record = try tlsExpiryPayload.readObject(&reader)
            return .tlsCertificateExpiryReported(fingerprint: record.fingerprint, expiry: record.expiry)
        case .dosProtectionSet: return .dosProtectionSet(try dosProtectionPayload.readObject(&reader))
        case .userTelephonySet: return .userTelephonySet(try userTelephonyPayload.readObject(&reader))
        case .messageGroupSet: return .messageGroupSet(try messageGroupPayload.readObject(&reader))
        case .messageGroupDeleted: return .messageGroupDeleted(number: try messageGroupKeyPayload.readObject(&reader).number)
        case .emergencySettingsSet: return .emergencySettingsSet(try emergencyPayload.readObject(&reader))
        case .mediaRelaySet: return .mediaRelaySet(try mediaRelayPayload.readObject(&reader))
        case .sipProviderSet: return .sipProviderSet(try sipProviderPayload.readObject(&reader))
        case .sipProviderDeleted: return .sipProviderDeleted(number: try trunkKeyPayload.readObject(&reader).number)
        case .sipAccountSet: return .sipAccountSet(try sipAccountPayload.readObject(&reader))
        case .sipAccountDeleted: return .sipAccountDeleted(number: try trunkKeyPayload.readObject(&reader).number)
        case .trunkRoutingSet: return .trunkRoutingSet(try trunkRoutingPayload.readObject(&reader))
        case .ddiPlanSet:
            let record = try ddiPlanPayload.readObject(&reader)
            guard record.ddis.count == record.users.count else {
                throw JSONReader.ReadError(offset: reader.index, reason: "ddis and users differ in length")
            }
            return .ddiPlanSet(
                DDIPlan(assignments: zip(record.ddis, record.users).map(DDIAssignment.init), defaultDestination: record.defaultDestination))
        case .smtpServerSet: return .smtpServerSet(try smtpServerPayload.readObject(&reader))
        case .backupSettingsSet: return .backupSettingsSet(try backupSettingsPayload.readObject(&reader))
        case .srmSettingsSet: return .srmSettingsSet(try srmSettingsPayload.readObject(&reader))
        case .backupCreated: return .backupCreated(try backupArchivePayload.readObject(&reader))
        case .backupDeleted: return .backupDeleted(try backupArchivePayload.readObject(&reader))
        }
    }
}
