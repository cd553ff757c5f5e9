import EventLog
import Foundation

/// The configuration events of the first slice. Each has a stream, a type string with a
/// schema, and a canonical JSON payload (sorted keys) that the log stores and hashes.
///
/// Records carry the whole new value (not a diff) so `apply` is a plain assignment and replay
/// cannot drift.
public enum DomainEvent: Sendable, Hashable {
    /// `system.identity.set`, stream `system`.
    case systemIdentitySet(SystemIdentity)
    /// `user.created`, stream `user/<number>`.
    case userCreated(User)
    /// `user.updated`, stream `user/<number>`.
    case userUpdated(User)
    /// `user.deleted`, stream `user/<number>`.
    case userDeleted(number: String)
    /// `terminal.created`, stream `terminal/<id>`.
    case terminalCreated(Terminal)
    /// `terminal.updated`, stream `terminal/<id>`.
    case terminalUpdated(Terminal)
    /// `terminal.deleted`, stream `terminal/<id>`.
    case terminalDeleted(id: Int)
    /// `eventmessage.occurred`, stream `eventmessages`.
    case eventMessageOccurred(EventMessage)
    /// `eventmessage.confirmed`, stream `eventmessages`.
    /// `clearing` is what the SNMP destinations are told (issue 13, point 11): absent in
    /// confirmations recorded before it was.
    case eventMessageConfirmed(number: Int64, identity: String, clearing: EventMessage?)
    /// `eventtable.filters.set`, stream `eventtable/<n>`: the changed rows only.
    case eventFiltersSet(table: Int, filters: [String: EventTableFilter])
    /// `destination.configured`, stream `destination/<id>`: the whole destination.
    case destinationConfigured(SignalDestination)
    /// `destinationkind.switched`, stream `destinationkind/<kind>`.
    case destinationKindSwitched(kind: SignalDestinationKind, on: Bool)
    /// `account.created`, stream `account/<key>`: the whole account with its sealed hash.
    case accountCreated(UserAccount)
    /// `account.updated`, stream `account/<key>`: the account's new profile.
    case accountUpdated(name: String, profile: String)
    /// `account.deleted`, stream `account/<key>`.
    case accountDeleted(name: String)
    /// `account.password.set`, stream `account/<key>`: the sealed hash of the new password.
    case accountPasswordSet(name: String, hash: SealedSecret, mustChange: Bool)
    /// `account.access`, stream `account/<key>`: one login attempt (manual §5.3.3).
    case accountAccess(AccessAttempt)
    /// `profile.created`, stream `profile/<id>`.
    case profileCreated(AuthorizationProfile)
    /// `profile.updated`, stream `profile/<id>`: the whole profile.
    case profileUpdated(AuthorizationProfile)
    /// `profile.deleted`, stream `profile/<id>`.
    case profileDeleted(id: String)
    /// `accesscontrol.settings.set`, stream `accesscontrol`.
    case accessControlSettingsSet(AccessControlSettings)
    /// `remotemaintenance.set`, stream `remotemaintenance`.
    case remoteMaintenanceSet(RemoteMaintenanceMode)
    /// `snmpagent.set`, stream `snmpagent`: who may read the SNMP agent, secrets sealed.
    case snmpAgentSet(SNMPAgentSettings)
    /// `tls.certificate.installed`, stream `tls`: the system's TLS certificate, keys sealed.
    case tlsCertificateInstalled(TLSCertificate)
    /// `tls.expiry.reported`, stream `tls`: the expiry monitor reported this step for the
    /// certificate with this fingerprint (the event message itself follows in the same append).
    case tlsCertificateExpiryReported(fingerprint: String, expiry: TLSCertificateExpiry)
    /// `sip.dosprotection.set`, stream `dosprotection`: the whole of the DoS protection settings.
    case dosProtectionSet(DoSProtectionSettings)
    /// `user.telephony.set`, stream `user/<number>`: the user's whole telephony settings.
    case userTelephonySet(UserTelephony)
    /// `messagegroup.set`, stream `messagegroup/<number>`: the whole group.
    case messageGroupSet(MessageGroup)
    /// `messagegroup.deleted`, stream `messagegroup/<number>`.
    case messageGroupDeleted(number: Int)
    /// `emergency.settings.set`, stream `emergency`: the emergency numbers and their internal
    /// destination.
    case emergencySettingsSet(EmergencySettings)
    /// `media.relay.set`, stream `mediarelay`: the media relay's ports and relayed terminal kinds.
    case mediaRelaySet(MediaRelaySettings)
    /// `trunk.provider.set`, stream `sipprovider/<number>`: the whole provider.
    case sipProviderSet(SIPProvider)
    /// `trunk.provider.deleted`, stream `sipprovider/<number>`.
    case sipProviderDeleted(number: Int)
    /// `trunk.account.set`, stream `sipaccount/<number>`: the whole account, password sealed.
    case sipAccountSet(SIPAccount)
    /// `trunk.account.deleted`, stream `sipaccount/<number>`.
    case sipAccountDeleted(number: Int)
    /// `trunk.routing.set`, stream `trunkrouting`: the exchange access code.
    case trunkRoutingSet(TrunkRouting)
    /// `trunk.ddiplan.set`, stream `ddiplan`: the whole DDI plan.
    case ddiPlanSet(DDIPlan)
    /// `email.smtp.set`, stream `smtp`: the SMTP server e-mail goes through, password sealed.
    case smtpServerSet(SMTPServerSettings)
    /// `backup.settings.set`, stream `backupsettings`: the data backup settings (manual §5.6.4),
    /// passphrase and FTP password sealed.
    case backupSettingsSet(BackupSettings)
    /// `backup.created`, stream `backups`: an archive made, by hand or by the auto backup.
    case backupCreated(BackupArchiveRecord)
    /// `backup.deleted`, stream `backups`: an archive an administrator deleted (the auto
    /// backup's expiry is not recorded: the settings say when it happens).
    case backupDeleted(BackupArchiveRecord)
    /// `srm.settings.set`, stream `srm`: the connection to the SRM server (manual §5.2), its
    /// secret sealed.
    case srmSettingsSet(SRMSettings)

    /// All event-message occurrences and confirmations share one stream: they are numbered in
    /// one sequence and decided one after the other anyway.
    public static let eventMessagesStream = "eventmessages"

    public var stream: String {
        switch self {
        case .systemIdentitySet: "system"
        case .userCreated(let user), .userUpdated(let user): "user/" + user.number
        case .userDeleted(let number): "user/" + number
        case .terminalCreated(let terminal), .terminalUpdated(let terminal): "terminal/" + String(terminal.id)
        case .terminalDeleted(let id): "terminal/" + String(id)
        case .eventMessageOccurred, .eventMessageConfirmed: Self.eventMessagesStream
        case .eventFiltersSet(let table, _): "eventtable/" + String(table)
        case .destinationConfigured(let destination): "destination/" + destination.id
        case .destinationKindSwitched(let kind, _): "destinationkind/" + kind.rawValue
        case .accountCreated(let account): Self.accountStream(account.name)
        case .accountUpdated(let name, _), .accountDeleted(let name), .accountPasswordSet(let name, _, _): Self.accountStream(name)
        case .accountAccess(let attempt): Self.accountStream(attempt.account)
        case .profileCreated(let profile), .profileUpdated(let profile): Self.profileStream(profile.id)
        case .profileDeleted(let id): Self.profileStream(id)
        case .accessControlSettingsSet: Self.accessControlStream
        case .remoteMaintenanceSet: Self.remoteMaintenanceStream
        case .snmpAgentSet: Self.snmpAgentStream
        case .tlsCertificateInstalled, .tlsCertificateExpiryReported: Self.tlsStream
        case .dosProtectionSet: Self.dosProtectionStream
        case .userTelephonySet(let settings): "user/" + settings.number
        case .messageGroupSet(let group): Self.messageGroupStream(group.number)
        case .messageGroupDeleted(let number): Self.messageGroupStream(number)
        case .emergencySettingsSet: Self.emergencyStream
        case .mediaRelaySet: Self.mediaRelayStream
        case .sipProviderSet(let provider): Self.sipProviderStream(provider.number)
        case .sipProviderDeleted(let number): Self.sipProviderStream(number)
        case .sipAccountSet(let account): Self.sipAccountStream(account.number)
        case .sipAccountDeleted(let number): Self.sipAccountStream(number)
        case .trunkRoutingSet: Self.trunkRoutingStream
        case .ddiPlanSet: Self.ddiPlanStream
        case .smtpServerSet: Self.smtpServerStream
        case .backupSettingsSet: Self.backupSettingsStream
        case .backupCreated, .backupDeleted: Self.backupArchivesStream
        case .srmSettingsSet: Self.srmStream
        }
    }

    public static func accountStream(_ name: String) -> String { "account/" + UserAccount.key(name) }
    public static func profileStream(_ id: String) -> String { "profile/" + id }
    public static let accessControlStream = "accesscontrol"
    public static let remoteMaintenanceStream = "remotemaintenance"
    public static let snmpAgentStream = "snmpagent"
    public static let tlsStream = "tls"
    public static let dosProtectionStream = "dosprotection"
    public static func messageGroupStream(_ number: Int) -> String { "messagegroup/" + String(number) }
    public static let emergencyStream = "emergency"
    public static let mediaRelayStream = "mediarelay"
    public static let smtpServerStream = "smtp"
    /// Not `backup`: that stream holds the restore records the backup module appends itself.
    public static let backupSettingsStream = "backupsettings"
    public static let backupArchivesStream = "backups"
    public static let srmStream = "srm"
    public static func sipProviderStream(_ number: Int) -> String { "sipprovider/" + String(number) }
    public static func sipAccountStream(_ number: Int) -> String { "sipaccount/" + String(number) }
    public static let trunkRoutingStream = "trunkrouting"
    public static let ddiPlanStream = "ddiplan"

    public var type: String { kind.rawValue }

    public var schema: Int { kind.currentSchema }

    /// Canonical JSON: sorted keys, no white space, absent optionals omitted.
    ///
    /// Keys are the API's camelCase field names. A terminal's password is stored as its sealed
    /// text only, so the log never holds a plaintext secret.
    public func canonicalPayload() -> String {
        var json = CanonicalJSON()
        switch self {
        case .systemIdentitySet(let identity): Self.identityPayload.writeMembers(identity, into: &json)
        case .userCreated(let user), .userUpdated(let user): Self.userPayload.writeMembers(user, into: &json)
        case .userDeleted(let number): Self.userKeyPayload.writeMembers(Record.UserKey(number: number), into: &json)
        case .terminalCreated(let terminal), .terminalUpdated(let terminal): Self.terminalPayload.writeMembers(terminal, into: &json)
        case .terminalDeleted(let id): Self.terminalKeyPayload.writeMembers(Record.TerminalKey(id: id), into: &json)
        case .eventMessageOccurred(let message): Self.occurrencePayload.writeMembers(message, into: &json)
        case .eventMessageConfirmed(let number, let identity, let clearing):
            Self.confirmationPayload.writeMembers(Record.Confirmation(number: number, identity: identity, clearing: clearing), into: &json)
        case .eventFiltersSet(let table, let filters): Self.filterRowsPayload.writeMembers(Record.FilterRows(table: table, filters: filters), into: &json)
        case .destinationConfigured(let destination): SignalDestination.payload.writeMembers(destination, into: &json)
        case .destinationKindSwitched(let kind, let on): Self.kindSwitchPayload.writeMembers(Record.KindSwitch(kind: kind, on: on), into: &json)
        case .accountCreated(let account):
            let record = Record.NewAccount(
                name: account.name, profile: account.profile, passwordHash: account.currentPasswordHash ?? SealedSecret(text: ""),
                mustChangePassword: account.mustChangePassword, predefined: account.predefined)
            Self.newAccountPayload.writeMembers(record, into: &json)
        case .accountUpdated(let name, let profile): Self.accountProfilePayload.writeMembers(Record.AccountProfile(name: name, profile: profile), into: &json)
        case .accountDeleted(let name): Self.accountKeyPayload.writeMembers(Record.AccountKey(name: name), into: &json)
        case .accountPasswordSet(let name, let hash, let mustChange):
            Self.passwordChangePayload.writeMembers(Record.PasswordChange(name: name, passwordHash: hash, mustChangePassword: mustChange), into: &json)
        case .accountAccess(let attempt): Self.accessAttemptPayload.writeMembers(attempt, into: &json)
        case .profileCreated(let profile), .profileUpdated(let profile): Self.profilePayload.writeMembers(profile, into: &json)
        case .profileDeleted(let id): Self.profileKeyPayload.writeMembers(Record.ProfileKey(id: id), into: &json)
        case .accessControlSettingsSet(let settings): Self.accessSettingsPayload.writeMembers(settings, into: &json)
        case .remoteMaintenanceSet(let mode): Self.remoteMaintenancePayload.writeMembers(Record.RemoteMaintenance(mode: mode), into: &json)
        case .snmpAgentSet(let settings):
            let record = Record.SNMPAgent(
                allowedNetworks: settings.allowedNetworks,
                authPassphrases: Dictionary(uniqueKeysWithValues: settings.users.map { ($0.name, $0.authPassphrase) }),
                communities: settings.communities,
                privPassphrases: Dictionary(uniqueKeysWithValues: settings.users.map { ($0.name, $0.privPassphrase) }))
            Self.snmpAgentPayload.writeMembers(record, into: &json)
        case .tlsCertificateInstalled(let certificate): Self.tlsCertificatePayload.writeMembers(certificate, into: &json)
        case .tlsCertificateExpiryReported(let fingerprint, let expiry):
            Self.tlsExpiryPayload.writeMembers(Record.TLSExpiry(fingerprint: fingerprint, expiry: expiry), into: &json)
        case .dosProtectionSet(let settings): Self.dosProtectionPayload.writeMembers(settings, into: &json)
        case .userTelephonySet(let settings): Self.userTelephonyPayload.writeMembers(settings, into: &json)
        case .messageGroupSet(let group): Self.messageGroupPayload.writeMembers(group, into: &json)
        case .messageGroupDeleted(let number): Self.messageGroupKeyPayload.writeMembers(Record.MessageGroupKey(number: number), into: &json)
        case .emergencySettingsSet(let settings): Self.emergencyPayload.writeMembers(settings, into: &json)
        case .mediaRelaySet(let settings): Self.mediaRelayPayload.writeMembers(settings, into: &json)
        case .sipProviderSet(let provider): Self.sipProviderPayload.writeMembers(provider, into: &json)
        case .sipProviderDeleted(let number): Self.trunkKeyPayload.writeMembers(Record.TrunkKey(number: number), into: &json)
        case .sipAccountSet(let account): Self.sipAccountPayload.writeMembers(account, into: &json)
        case .sipAccountDeleted(let number): Self.trunkKeyPayload.writeMembers(Record.TrunkKey(number: number), into: &json)
        case .trunkRoutingSet(let routing): Self.trunkRoutingPayload.writeMembers(routing, into: &json)
        case .ddiPlanSet(let plan):
            let record = Record.DDIPlan(
                ddis: plan.assignments.map(\.ddi), defaultDestination: plan.defaultDestination, users: plan.assignments.map(\.user))
            Self.ddiPlanPayload.writeMembers(record, into: &json)
        case .smtpServerSet(let settings): Self.smtpServerPayload.writeMembers(settings, into: &json)
        case .backupSettingsSet(let settings): Self.backupSettingsPayload.writeMembers(settings, into: &json)
        case .backupCreated(let record), .backupDeleted(let record): Self.backupArchivePayload.writeMembers(record, into: &json)
        case .srmSettingsSet(let settings): Self.srmSettingsPayload.writeMembers(settings, into: &json)
        }
        return json.finish()
    }

    /// Decodes a stored event. Returns `nil` for a type that is not a domain event (other
    /// modules' events share the log); throws ``EventDecodingError`` for a domain type whose
    /// payload is malformed or whose schema this build does not know.
    public static func decode(type: String, schema: Int, payload: String) throws -> DomainEvent? {
        var type = type
        var payload = payload
        return try type.withUTF8 { typeBytes in
            try payload.withUTF8 { payloadBytes in
                try decode(type: typeBytes, schema: schema, payload: payloadBytes)
            }
        }
    }

    /// The replay fast path over raw bytes (same rules as the String form).
    public static func decode(_ row: borrowing RawEventRow) throws -> DomainEvent? {
        try decode(type: row.type, schema: row.schema, payload: row.payload)
    }

    /// Wraps the event for appending.
    public func proposed(actor: String, source: String, id: UUID = .timeOrdered(), correlation: UUID? = nil, causation: UUID? = nil) -> ProposedEvent {
        ProposedEvent(
            id: id, stream: stream, type: type, schema: schema, actor: actor, source: source,
            correlation: correlation, causation: causation, payload: canonicalPayload())
    }
}
