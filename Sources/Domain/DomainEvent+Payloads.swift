/// Every configuration event's payload, declared once per record as a ``PayloadFields`` table:
/// the canonical writer (``DomainEvent/canonicalPayload()``) and the replay reader
/// (``DomainEvent/decode(type:schema:payload:)``) both take each event's table from here, so a
/// payload's keys, their order and their rules cannot drift apart (issue 12, point 1).
///
/// Keys are the API's camelCase field names; secrets are sealed members, so the log never
/// holds one in the clear and the events API masks them by their form.
extension DomainEvent {
    typealias Record = PayloadRecord

    // MARK: System, users, terminals

    static let identityPayload = PayloadFields<SystemIdentity>(
        blank: SystemIdentity(),
        [.string("country", \.country), .string("name", \.name), .string("salesChannel", \.salesChannel), .string("systemId", \.systemID)])

    static let userPayload = PayloadFields<User>(
        blank: User(number: "", name: ""),
        [.optionalString("email", \.email), .string("language", \.language), .string("name", \.name), .string("number", \.number)])

    static let userKeyPayload = PayloadFields<Record.UserKey>(blank: Record.UserKey(), [.string("number", \.number)])

    /// Terminal ids are handed out from 1 upwards, so anything below 1 cannot come from `decide`.
    static let terminalPayload = PayloadFields<Terminal>(
        blank: Terminal(id: 1, kind: .standardSIP, registrationName: "", password: SealedSecret(text: "")),
        [
            .integer("id", \.id, range: 1...Int.max), .name("kind", \.kind), .optionalString("macAddress", \.macAddress),
            .sealed("password", \.password), .string("registrationName", \.registrationName), .defaultedName("srtp", \.srtp, SRTPMode.standard),
            .optionalString("userNumber", \.userNumber),
        ])

    static let terminalKeyPayload = PayloadFields<Record.TerminalKey>(blank: Record.TerminalKey(), [.integer("id", \.id, range: 1...Int.max)])

    // MARK: Event messages

    static let occurrencePayload = PayloadFields<EventMessage>(
        blank: EventMessage(
            number: 0, type: "", code: 0, severity: .normal, polarity: .none, parameters: [:], node: 1, at: 0, simulated: false, tables: [],
            destinations: []),
        [
            .optionalInteger("activeNumber", \.activeNumber), .integer("at", \.at), .integer("code", \.code),
            .strings("destinations", \.destinations, known: EventCatalogue.destinationIDs), .integer("node", \.node), .integer("number", \.number),
            .stringMap("parameters", \.parameters, knownKeys: EventCatalogue.parameterKeys), .name("polarity", \.polarity),
            .name("severity", \.severity), .bool("simulated", \.simulated), .integers("tables", \.tables), .optionalString("target", \.target),
            .string("type", \.type, known: EventCatalogue.typeKeys),
        ])

    static let confirmationPayload = PayloadFields<Record.Confirmation>(
        blank: Record.Confirmation(),
        [.optionalRecord("clearing", \.clearing, occurrencePayload), .string("identity", \.identity), .integer("number", \.number)])

    static let filterRowsPayload = PayloadFields<Record.FilterRows>(
        blank: Record.FilterRows(),
        [
            .textMap(
                "filters", \.filters, rule: "none, every or custom:<frequency>:<hours>", parse: EventTableFilter.init(payloadText:), format: \.payloadText),
            .integer("table", \.table),
        ])

    static let kindSwitchPayload = PayloadFields<Record.KindSwitch>(blank: Record.KindSwitch(), [.name("kind", \.kind), .bool("on", \.on)])

    // MARK: Access control

    static let newAccountPayload = PayloadFields<Record.NewAccount>(
        blank: Record.NewAccount(),
        [
            .bool("mustChangePassword", \.mustChangePassword), .string("name", \.name), .sealed("passwordHash", \.passwordHash),
            .bool("predefined", \.predefined), .string("profile", \.profile),
        ])

    static let accountProfilePayload = PayloadFields<Record.AccountProfile>(
        blank: Record.AccountProfile(), [.string("name", \.name), .string("profile", \.profile)])

    static let accountKeyPayload = PayloadFields<Record.AccountKey>(blank: Record.AccountKey(), [.string("name", \.name)])

    static let passwordChangePayload = PayloadFields<Record.PasswordChange>(
        blank: Record.PasswordChange(),
        [.bool("mustChangePassword", \.mustChangePassword), .string("name", \.name), .sealed("passwordHash", \.passwordHash)])

    static let accessAttemptPayload = PayloadFields<AccessAttempt>(
        blank: AccessAttempt(account: "", at: 0, source: "", interface: "", outcome: .ok),
        [
            .string("account", \.account), .integer("at", \.at), .string("interface", \.interface), .name("outcome", \.outcome),
            .string("source", \.source),
        ])

    /// Predefined profiles come from a first start, never from an event, so `predefined` is not
    /// in the payload.
    static let profilePayload = PayloadFields<AuthorizationProfile>(
        blank: AuthorizationProfile(id: "", name: "", level: .administrator, areas: [:], interfaces: []),
        [
            .nameMap("areas", \.areas), .name("fileAccess", \.fileAccess), .string("id", \.id), .names("interfaces", \.interfaces),
            .name("level", \.level), .string("name", \.name),
        ])

    static let profileKeyPayload = PayloadFields<Record.ProfileKey>(blank: Record.ProfileKey(), [.string("id", \.id)])

    static let accessSettingsPayload = PayloadFields<AccessControlSettings>(
        blank: AccessControlSettings(), [.integer("idleTimeoutMinutes", \.idleTimeoutMinutes)])

    static let remoteMaintenancePayload = PayloadFields<Record.RemoteMaintenance>(blank: Record.RemoteMaintenance(), [.name("mode", \.mode)])

    // MARK: SNMP

    static let snmpAgentPayload = PayloadFields<Record.SNMPAgent>(
        blank: Record.SNMPAgent(),
        [
            .strings("allowedNetworks", \.allowedNetworks), .sealedMap("authPassphrases", \.authPassphrases), .sealedList("communities", \.communities),
            .sealedMap("privPassphrases", \.privPassphrases),
        ])

    // MARK: TLS

    static let tlsCertificatePayload = PayloadFields<TLSCertificate>(
        blank: TLSCertificate(
            origin: .generated, chain: "", privateKey: SealedSecret(text: ""), name: "", fingerprint: "", notBefore: 0, notAfter: 0),
        [
            .optionalSealed("authorityKey", \.authorityKey), .string("certificateChain", \.chain), .string("fingerprint", \.fingerprint),
            .string("name", \.name), .integer("notAfter", \.notAfter), .integer("notBefore", \.notBefore), .name("origin", \.origin),
            .sealed("privateKey", \.privateKey),
        ])

    static let tlsExpiryPayload = PayloadFields<Record.TLSExpiry>(
        blank: Record.TLSExpiry(), [.name("expiry", \.expiry), .string("fingerprint", \.fingerprint)])
    // MARK: SIP

    /// Every setting is written, defaults included, so the event alone says what was in force.
    /// The payload's ranges are only what `decide` can never produce (a negative count, a
    /// window or block under a second), not ``CapacityLimit``'s: a range widened or narrowed
    /// later must not make an old log unreadable.
    /// Every setting is written; the password only sealed, and only when there is one.
    static let smtpServerPayload = PayloadFields<SMTPServerSettings>(
        blank: SMTPServerSettings(host: "", sender: ""),
        [
            .name("authentication", \.authentication), .optionalString("caFile", \.caFile), .string("host", \.host),
            .optionalSealed("password", \.password), .integer("port", \.port, range: 1...65535), .name("security", \.security),
            .string("sender", \.sender), .optionalString("user", \.user),
        ])

    /// Every setting is written; the secrets only sealed. The ranges are what `decide` can never
    /// produce, not ``CapacityLimit``'s, so a range changed later leaves old logs readable.
    static let backupSettingsPayload = PayloadFields<BackupSettings>(
        blank: .standard,
        [
            .bool("autoBackup", \.autoBackup), .optionalString("emailRecipient", \.emailRecipient), .optionalRecord("ftp", \.ftp, ftpDistributionPayload),
            .integer("keepDays", \.keepDays, range: 1...Int.max), .integer("keepMonths", \.keepMonths, range: 1...Int.max),
            .integer("keepWeeks", \.keepWeeks, range: 1...Int.max), .optionalSealed("passphrase", \.passphrase),
            .integer("timeOfDay", \.timeOfDay, range: 0...1439),
        ])

    static let backupArchivePayload = PayloadFields<BackupArchiveRecord>(
        blank: BackupArchiveRecord(folder: "", name: ""),
        [.optionalInteger("bytes", \.bytes), .string("folder", \.folder), .optionalInteger("headPosition", \.headPosition), .string("name", \.name)])

    /// The ranges are what `decide` can never produce (architecture rule 5), as for the backup.
    static let srmSettingsPayload = PayloadFields<SRMSettings>(
        blank: SRMSettings(enabled: false, host: "", secret: SealedSecret(text: "")),
        [
            .bool("enabled", \.enabled), .string("host", \.host), .integer("port", \.port, range: 1...65535), .sealed("secret", \.secret),
            .optionalString("trustedCertificate", \.trustedCertificate),
        ])

    static let ftpDistributionPayload = PayloadFields<FTPDistribution>(
        blank: FTPDistribution(host: "", user: ""),
        [
            .optionalString("caFile", \.caFile), .string("directory", \.directory), .string("host", \.host), .optionalSealed("password", \.password),
            .integer("port", \.port, range: 1...65535), .name("security", \.security), .string("user", \.user),
        ])

    static let dosProtectionPayload = PayloadFields<DoSProtectionSettings>(
        blank: DoSProtectionSettings(),
        [
            .integer("blockSeconds", \.blockSeconds, range: 1...Int.max), .integer("failedRegistrations", \.failedRegistrations, range: 0...Int.max),
            .integer("modifiedMessages", \.modifiedMessages, range: 0...Int.max),
            .integer("requestsWithoutSession", \.requestsWithoutSession, range: 0...Int.max),
            .integer("transactions", \.transactions, range: 0...Int.max), .integer("windowSeconds", \.windowSeconds, range: 1...Int.max),
        ])

    // MARK: Telephony

    /// Every setting is written, defaults included, so the event alone says what was in force.
    static let userTelephonyPayload = PayloadFields<UserTelephony>(
        blank: UserTelephony(number: ""),
        [
            .bool("busyOnBusy", \.busyOnBusy), .optionalString("callForwardingUnconditional", \.callForwardingUnconditional),
            .string("number", \.number), .bool("remoteMaintenanceAccess", \.remoteMaintenanceAccess),
        ])

    /// Group numbers start at 1; like the DoS ranges, the reader refuses only what `decide`
    /// never writes, not today's upper bound.
    static let messageGroupPayload = PayloadFields<MessageGroup>(
        blank: MessageGroup(number: 1, name: ""),
        [.strings("members", \.members), .string("name", \.name), .integer("number", \.number, range: 1...Int.max)])

    static let messageGroupKeyPayload = PayloadFields<Record.MessageGroupKey>(
        blank: Record.MessageGroupKey(), [.integer("number", \.number, range: 1...Int.max)])

    /// `numbers` is absent while the list follows the country's defaults.
    static let emergencyPayload = PayloadFields<EmergencySettings>(
        blank: EmergencySettings(), [.optionalString("internalDestination", \.internalDestination), .optionalStrings("numbers", \.numbers)])

    /// The kinds as a sorted list of names.
    static let mediaRelayPayload = PayloadFields<MediaRelaySettings>(
        blank: MediaRelaySettings(),
        [
            .integer("firstPort", \.firstPort, range: 1...65535), .integer("lastPort", \.lastPort, range: 1...65535),
            .names("relayedTerminalKinds", \.relayedTerminalKinds),
        ])

    // MARK: Trunks

    /// Every setting is written, defaults included, except `relayMedia` and `caFile`, which came
    /// later and are written only when on or set, so a provider set before them hashes as it did. Like the DoS ranges, the reader refuses only
    /// what `decide` never writes, not today's limits.
    static let sipProviderPayload = PayloadFields<SIPProvider>(
        blank: SIPProvider(number: 1, name: "", host: ""),
        [
            .optionalString("caFile", \.caFile), .string("host", \.host), .string("name", \.name), .integer("number", \.number, range: 1...Int.max),
            .optionalString("outboundProxy", \.outboundProxy), .integer("port", \.port, range: 1...65535),
            .integer("registerIntervalSeconds", \.registerIntervalSeconds, range: 1...Int.max), .bool("registrationRequired", \.registrationRequired),
            .flag("relayMedia", \.relayMedia), .name("transport", \.transport),
        ])

    static let sipAccountPayload = PayloadFields<SIPAccount>(
        blank: SIPAccount(number: 1, provider: 1, user: "", password: SealedSecret(text: "")),
        [
            .optionalString("authName", \.authName), .integer("channels", \.channels, range: 0...Int.max), .strings("ddis", \.ddis),
            .integer("number", \.number, range: 1...Int.max), .sealed("password", \.password), .integer("provider", \.provider, range: 1...Int.max),
            .string("user", \.user),
        ])

    static let trunkRoutingPayload = PayloadFields<TrunkRouting>(blank: TrunkRouting(), [.string("exchangeAccessCode", \.exchangeAccessCode)])

    static let ddiPlanPayload = PayloadFields<Record.DDIPlan>(
        blank: Record.DDIPlan(),
        [.strings("ddis", \.ddis), .optionalString("defaultDestination", \.defaultDestination), .strings("users", \.users)])

    static let trunkKeyPayload = PayloadFields<Record.TrunkKey>(blank: Record.TrunkKey(), [.integer("number", \.number, range: 1...Int.max)])
}
