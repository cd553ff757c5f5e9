import Certificates
import Domain
import EventLog
import Testing

/// One event of every declared type, made the way the server makes them (commands through
/// `decide`), must survive its payload on both decode paths, and the replay of all of them from
/// their stored form must give the very state the live fold gave.
///
/// The script below must produce every type in ``DomainEvent/declaredTypes``: a type declared
/// without a command here fails `everyDeclaredTypeIsExercised`, and a type the dispatch does not
/// recognise fails the round trip (decode answers `nil` for it) — it is never skipped.
@Suite("Every event type")
struct EveryEventTypeTests {
    static func script() -> [Command] {
        let profile = AuthorizationProfile(
            id: "night-desk", name: "Night desk", level: .receptionist,
            areas: [.users: .write, .audit: .read], interfaces: [.webAdminAPI])
        return [
            .setSystemIdentity(SystemIdentity(name: "Head office", systemID: "VA-0001", salesChannel: "Partner AG", country: "CH")),
            .createUser(User(number: "101", name: "Anna \"Nan\" Müster \\ O/Brien", email: "anna@example.com", language: "de")),
            .updateUser(number: "101", UserPatch(name: "Anna Beispiel", email: .some(nil), language: "fr")),
            .createUser(User(number: "102", name: "Ben")),
            .createUser(User(number: "103", name: "Cleo")),
            // 102 in two groups and a forwarding target: deleting 102 changes them in the same
            // decision (messagegroup.set, user.telephony.set before user.deleted).
            .setMessageGroup(MessageGroup(number: 16, name: "System phone 1", members: ["103", "101", "102"])),
            .setMessageGroup(MessageGroup(number: 3, name: "Night", members: ["102"])),
            .setUserTelephony(number: "103", UserTelephonyPatch(remoteMaintenanceAccess: true, callForwardingUnconditional: "102")),
            .setUserTelephony(number: "101", UserTelephonyPatch(busyOnBusy: true)),
            .deleteUser(number: "102"),
            .setMessageGroup(MessageGroup(number: 15, name: "Front desk", members: ["101"])),
            .deleteMessageGroup(number: 15),
            .setEmergencySettings(EmergencySettings(numbers: ["112", "117", "118", "144", "1414"], internalDestination: "101")),
            .createTerminal(TerminalDraft(kind: .systemSIP, registrationName: "desk.1", password: "S3cret-pass")),
            .updateTerminal(id: 1, TerminalPatch(registrationName: "desk.2")),
            .createTerminal(TerminalDraft(kind: .standardSIP, registrationName: "lobby", password: "0ther-pass")),
            .deleteTerminal(id: 2),
            .raiseEventMessage(EventMessageRequest(type: "fan_failure", parameters: ["fanStatus": "0"], at: 1_767_225_600_000_000)),
            .confirmEventMessage(number: 1),
            .setEventFilters(table: 3, filters: ["fan_failure": .custom(frequency: 3, periodHours: 2), "malfunction": .none]),
            .configureDestination(
                id: "local_1", SignalDestinationChange(enabled: true, settings: SyslogSettings(transport: .tcp, host: "127.0.0.1", port: 6514))),
            // Every destination kind with settings, so a field a snapshot drops from any of them
            // shows in the equality below (issue 14, point 6).
            .configureDestination(
                id: "external",
                SignalDestinationChange(enabled: true, settings: WebhookDraft(primaryURL: "https://127.0.0.1:8443/hook", secret: "0123456789abcdef"))),
            .configureDestination(
                id: "snmp_1",
                SignalDestinationChange(
                    enabled: true, table: 3,
                    settings: SNMPNotificationDraft(
                        host: "10.0.0.9", port: 1162, notification: .inform,
                        user: SNMPUserDraft(name: "nms", authPassphrase: "auth-pass-1", privPassphrase: "priv-pass-1")))),
            .configureDestination(
                id: "snmp_2", SignalDestinationChange(enabled: true, settings: SNMPNotificationDraft(host: "10.0.0.8", notification: .trap, community: "traps"))
            ),
            .configureDestination(id: "email_1", SignalDestinationChange(settings: EmailRecipient("noc@example.com"))),
            .setSRMSettings(
                SRMSettingsDraft(
                    enabled: true, host: "srm.installer.example", port: 4443, secret: "aW5zdGFsbGVyLWlzc3VlZC1zZWNyZXQtMDAx",
                    trustedCertificate: tlsAuthorityPEM)),
            .configureDestination(id: "srm", SignalDestinationChange(enabled: true)),
            // Counters of an N-in-P row, and messages left active.
            .raiseEventMessage(EventMessageRequest(type: "fan_failure", parameters: ["fanStatus": "1"], at: 1_767_225_660_000_000)),
            .raiseEventMessage(EventMessageRequest(type: "malfunction", parameters: ["errorId": "17"], at: 1_767_225_720_000_000)),
            .switchDestinationKind(.email, on: false),
            .bootstrapAccessControl(adminPasswordHash: "$scrypt$admin"),
            .createProfile(profile),
            .updateProfile(
                AuthorizationProfile(id: "night-desk", name: "Night desk 2", level: .receptionist, areas: [.users: .read], interfaces: [.webAdminAPI])),
            .createAccount(AccountDraft(name: "Night Clerk", profile: "night-desk", password: "Clerk-Pass1", passwordHash: "$scrypt$clerk")),
            .updateAccount(name: "Night Clerk", profile: "administrator"),
            .recordAccess(AccessAttempt(account: "night clerk", at: 5, source: "192.168.1.9", interface: "webadmin", outcome: .wrongPassword)),
            .setPassword(
                PasswordChange(
                    account: "Night Clerk", newPassword: "Other-Pass2", newPasswordHash: "$scrypt$b", matchesRecentPassword: false, mustChangeAtNextLogin: true)
            ),
            .deleteAccount(name: "Night Clerk"),
            .createProfile(AuthorizationProfile(id: "spare", name: "Spare", level: .receptionist, areas: [:], interfaces: [])),
            .deleteProfile(id: "spare"),
            .recordAccess(AccessAttempt(account: "admin", at: 7, source: "192.168.1.10", interface: "webadmin", outcome: .wrongPassword)),
            .setAccessControlSettings(AccessControlSettings(idleTimeoutMinutes: 30)),
            .setRemoteMaintenance(.permanent, at: 9),
            .setSNMPAgent(
                SNMPAgentDraft(
                    communities: ["ro-community"], users: [SNMPUserDraft(name: "nms", authPassphrase: "auth-pass-1", privPassphrase: "priv-pass-1")],
                    allowedNetworks: ["10.1.0.0/16"])),
            .installTLSCertificate(
                TLSCertificateDraft(
                    origin: .generated, certificateChain: tls.chain.pem, privateKey: tls.serverKey.pem, authorityKey: tls.authorityKey.pem),
                at: tlsIssuedAt),
            // 701 of its 730 days: it expires soon.
            .reportTLSCertificateExpiry(at: tlsIssuedAt + 701 * 86_400_000_000),
            .setDoSProtection(
                DoSProtectionSettings(
                    failedRegistrations: 5, transactions: 0, requestsWithoutSession: 40, modifiedMessages: 7, windowSeconds: 30, blockSeconds: 900)),
            // Two providers (one deleted again) and two accounts (one deleted again).
            .setSIPProvider(SIPProvider(number: 1, name: "Carrier \"One\"", host: "sip.carrier.example", outboundProxy: "[2001:db8::5]:5070")),
            .setSIPProvider(
                SIPProvider(
                    number: 2, name: "Spare", host: "192.0.2.7", port: 5080, registrationRequired: false, registerIntervalSeconds: 600, relayMedia: true)),
            .setSIPProvider(SIPProvider(number: 3, name: "Secure", host: "sips.carrier.example", transport: .tls, caFile: "/etc/ssl/carrier.pem")),
            .setMediaRelay(MediaRelaySettings(firstPort: 30_001, lastPort: 30_100, relayedTerminalKinds: [.standardSIP, .systemSIP])),
            .setSIPAccount(
                SIPAccountDraft(
                    number: 1, provider: 1, user: "0441234500", authName: "auth-0441", password: "pr0v1der", ddis: ["0441234500-0441234599", "0441234700"],
                    channels: 30)),
            .setSIPAccount(SIPAccountDraft(number: 2, provider: 2, user: "spare", password: "x", channels: 2)),
            .deleteSIPAccount(number: 2),
            .deleteSIPProvider(number: 2),
            .setTrunkRouting(TrunkRouting(exchangeAccessCode: "00")),
            .setSMTPServer(
                SMTPServerDraft(
                    host: "mail.example.com", security: .tls, authentication: .login, user: "pbx", password: "mail-pass", sender: "pbx@example.com",
                    caFile: "/etc/ssl/mail-ca.pem")),
            .setDDIPlan(
                DDIPlan(
                    assignments: [DDIAssignment(ddi: "0441234501", user: "101"), DDIAssignment(ddi: "0441234510-0441234519", user: "103")],
                    defaultDestination: "101")),
            .setBackupSettings(
                BackupSettingsDraft(
                    autoBackup: true, timeOfDay: 150, keepDays: 10, keepWeeks: 6, keepMonths: 24, passphrase: "correct horse battery",
                    ftp: FTPDistributionDraft(
                        host: "nas.example.com", user: "pbx-backup", password: "ftp-pass", directory: "pbx/backups", caFile: "/etc/ssl/nas.pem"),
                    emailRecipient: "it@example.com")),
            .recordBackupCreated(BackupArchiveRecord(folder: "manual", name: "callplane-2026-12-04T14-30-05Z.zip", headPosition: 42, bytes: 9_876)),
            .recordBackupDeleted(BackupArchiveRecord(folder: "manual", name: "callplane-2026-12-04T14-30-05Z.zip")),
        ]
    }

    static let tlsIssuedAt: Int64 = 1_767_225_600_000_000
    static var tlsAuthorityPEM: String { tls.chain.pem }
    static let tls = try! SystemCertificateAuthority.issue(systemID: "VA-0001", serverName: "Head office", hosts: ["pbx.example.com"], at: tlsIssuedAt)

    static func events() throws -> (events: [DomainEvent], state: SystemState) {
        var state = SystemState()
        var events: [DomainEvent] = []
        for command in script() { events += try run(command, on: &state) }
        return (events, state)
    }

    @Test("the script produces one event or more of every declared type, and no undeclared one")
    func everyDeclaredTypeIsExercised() throws {
        let produced = Set(try Self.events().events.map(\.type))
        let declared = Set(DomainEvent.declaredTypes.map(\.type))
        #expect(declared.count == DomainEvent.declaredTypes.count, "a type is declared twice")
        #expect(declared.subtracting(produced).isEmpty, "declared but never made by the script: \(declared.subtracting(produced).sorted())")
        #expect(produced.subtracting(declared).isEmpty, "made but not declared: \(produced.subtracting(declared).sorted())")
    }

    @Test("each event survives encode → decode on both paths, with its stream, type, schema and area")
    func roundTrip() throws {
        let declared = Dictionary(uniqueKeysWithValues: DomainEvent.declaredTypes.map { ($0.type, $0) })
        for event in try Self.events().events {
            let payload = event.canonicalPayload()
            let decoded = try DomainEvent.decode(type: event.type, schema: event.schema, payload: payload)
            #expect(decoded == event, "\(event.type) did not survive its payload")
            let raw = try withRow(type: event.type, schema: event.schema, stream: event.stream, payload: payload) { try DomainEvent.decode($0) }
            #expect(raw == event, "\(event.type) did not survive the replay path")
            #expect(decoded?.stream == event.stream)
            #expect(declared[event.type]?.schema == event.schema)
            #expect(declared[event.type]?.area == event.area)
            // The dispatch must not take a type for another of the same length.
            #expect(try DomainEvent.decode(type: event.type + "x", schema: event.schema, payload: payload) == nil)
        }
    }

    @Test("replaying one of each from the stored form gives the live fold's state and hash")
    func replayEqualsTheLiveFold() throws {
        let (events, live) = try Self.events()
        var replayed = SystemState()
        for event in events {
            try withRow(type: event.type, schema: event.schema, stream: event.stream, payload: event.canonicalPayload()) { try replayed.apply($0) }
        }
        #expect(replayed == live)
        #expect(replayed.stateHash() == live.stateHash())
        let snapshot = try SystemState(canonicalEncoding: live.canonicalEncoding())
        #expect(snapshot == live, "a field the snapshot drops")
    }

    /// A replay folds the event messages and the rest of the configuration on two threads at
    /// once and merges them (``SystemState/ReplayLane``); a type in the wrong lane changes a part
    /// the merge then overwrites, or reads one the other lane changes, and the merged state
    /// differs from the single fold here. From the start and from half-way, as after a snapshot.
    @Test("folding one of each in the two replay lanes and merging gives the live fold's state")
    func replayLanesEqualTheLiveFold() throws {
        let (events, live) = try Self.events()
        for split in [0, events.count / 2] {
            var start = SystemState()
            for event in events[..<split] { start.apply(event) }
            var configuration = start
            var eventMessages = start.eventMessageLaneStart
            var lanes: [SystemState.ReplayLane] = []
            for event in events[split...] {
                try withRow(type: event.type, schema: event.schema, stream: event.stream, payload: event.canonicalPayload()) { row in
                    if try configuration.foldInConfigurationLane(row) {
                        lanes.append(.configuration)
                    } else {
                        lanes.append(.eventMessages)
                        try eventMessages.apply(row)
                    }
                }
            }
            configuration.merge(eventMessageLane: eventMessages)
            #expect(configuration == live, "split at \(split)")
            #expect(configuration.stateHash() == live.stateHash())
            #expect(lanes.contains(.eventMessages) && lanes.contains(.configuration))
        }
    }

    /// The lanes pay only when event messages are enough of the domain rows (measured: slower
    /// at 36 %, faster at 49 %); rows that are not domain events (telephony facts, whose family
    /// the replay leaves in SQLite) do not count either way.
    @Test("two lanes are chosen from the share of event messages among a sample's domain rows")
    func lanesFollowTheEventMessageShare() {
        let occurrence = "eventmessage.occurred"
        let user = "user.updated"
        #expect(SystemState.replaysFasterInLanes(sample: Array(repeating: occurrence, count: 5) + Array(repeating: user, count: 5)))
        #expect(!SystemState.replaysFasterInLanes(sample: Array(repeating: occurrence, count: 3) + Array(repeating: user, count: 7)))
        #expect(!SystemState.replaysFasterInLanes(sample: Array(repeating: user, count: 10)))
        #expect(!SystemState.replaysFasterInLanes(sample: []))
        // Facts alone or beside them change nothing.
        #expect(!SystemState.replaysFasterInLanes(sample: Array(repeating: "call.started", count: 50)))
        #expect(
            SystemState.replaysFasterInLanes(
                sample: Array(repeating: occurrence, count: 5) + Array(repeating: user, count: 5) + Array(repeating: "call.ended", count: 90)))
    }

    /// The equality above is only as good as the state is full: every part the server keeps
    /// must hold something here, or a field a snapshot drops there goes unseen.
    @Test("the script fills every part of the state")
    func everyPartIsFilled() throws {
        let state = try Self.events().state
        let messages = state.eventMessages
        #expect(!messages.active.isEmpty, "active messages")
        #expect(!messages.eventLog.isEmpty, "the event-message log")
        #expect(!messages.tableOverrides.isEmpty, "a custom table row")
        #expect(!messages.counters.isEmpty, "the counters of an N-in-P row")
        #expect(!messages.kindSwitches.isEmpty, "a kind's switch")
        let kinds = Set(messages.destinations.values.filter { $0.settings != nil }.map(\.kind))
        #expect(kinds.isSuperset(of: [.external, .local, .snmp, .email]), "settings of every kind that has them: \(kinds)")
        #expect(state.srm?.trustedCertificate != nil && messages.destinations["srm"]?.enabled == true, "the SRM connection its destination travels on")
        #expect(!state.users.isEmpty && !state.terminals.isEmpty)
        #expect(!state.accessControl.accounts.isEmpty && !state.accessControl.customProfiles.isEmpty)
        #expect(state.accessControl.accounts.values.contains { !$0.accessLog.isEmpty }, "an access log")
        #expect(state.accessControl.remoteMaintenance != .barred)
        #expect(state.snmpAgent.communities.count == 1 && state.snmpAgent.users.count == 1)
        #expect(state.identity.name == "Head office")
        #expect(state.tls.certificate?.authorityKey != nil && state.tls.reportedExpiry == .expiresSoon, "the TLS certificate and its report")
        #expect(state.dosProtection != DoSProtectionSettings(), "DoS protection settings other than the defaults")
        #expect(state.messageGroup(16)?.members == ["101", "103"] && state.messageGroup(3)?.members == [], "message groups, one emptied")
        #expect(state.telephony.users.count == 2 && state.telephony(ofUser: "103").remoteMaintenanceAccess, "users' telephony settings")
        #expect(state.telephony(ofUser: "103").callForwardingUnconditional == nil, "the forwarding to the deleted user went with it")
        #expect(state.emergencyDestination == "101" && state.emergencyNumbers.last == "1414", "emergency settings")
        #expect(state.trunks.providers.count == 2 && state.trunks.accounts["1"]?.ddis.count == 2, "providers and an account with DDIs")
        #expect(state.trunks.providers["3"]?.caFile != nil, "a TLS provider with its CA file")
        #expect(state.smtpServer?.password != nil && state.smtpServer?.caFile != nil, "the SMTP server, its password sealed")
    }
}
