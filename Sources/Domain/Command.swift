/// What an administrator (or the system) asks for. `decide` turns a command into events or a
/// ``DomainError``.
public enum Command: Sendable, Hashable {
    case setSystemIdentity(SystemIdentity)
    case createUser(User)
    /// Replaces the user's name, e-mail and language; the number is the identity and stays.
    case updateUser(number: String, UserPatch)
    case deleteUser(number: String)
    case createTerminal(TerminalDraft)
    case updateTerminal(id: Int, TerminalPatch)
    case deleteTerminal(id: Int)
    /// An event message occurs (raised by the server or simulated by an administrator).
    case raiseEventMessage(EventMessageRequest)
    /// An administrator confirms the active message with this number at `at` (µs).
    case confirmEventMessage(number: Int64, at: Int64 = 0)
    /// Sets rows (type key → filter) of event table 1…8.
    case setEventFilters(table: Int, filters: [String: EventTableFilter])
    case configureDestination(id: String, SignalDestinationChange)
    /// A destination kind's global switch.
    case switchDestinationKind(SignalDestinationKind, on: Bool)
    /// First start: the predefined account `admin` with the default password, which must be
    /// changed at the first login (manual §5.3.1.1, Tab. 22). Refused once any account exists.
    case bootstrapAccessControl(adminPasswordHash: String)
    case createAccount(AccountDraft)
    case updateAccount(name: String, profile: String)
    case deleteAccount(name: String)
    case setPassword(PasswordChange)
    /// One login attempt for the account's access log (manual §5.3.3).
    case recordAccess(AccessAttempt)
    case createProfile(AuthorizationProfile)
    case updateProfile(AuthorizationProfile)
    case deleteProfile(id: String)
    case setAccessControlSettings(AccessControlSettings)
    /// Remote maintenance access (manual §5.4); `at` stamps the event message it raises.
    case setRemoteMaintenance(RemoteMaintenanceMode, at: Int64)
    /// Replaces the SNMP agent's communities, users and allowed networks.
    case setSNMPAgent(SNMPAgentDraft)
    /// Installs the system's TLS certificate (generated at the first start, or uploaded); `at`
    /// is the instant its validity is checked against and the event message is stamped with.
    case installTLSCertificate(TLSCertificateDraft, at: Int64)
    /// The expiry monitor's check at `at`: reports a new expiry step once.
    case reportTLSCertificateExpiry(at: Int64)
    /// Replaces the DoS protection settings of the SIP listeners.
    case setDoSProtection(DoSProtectionSettings)
    /// The SMTP server for e-mail (issue 17, point 1); its password is sealed by `decide`.
    case setSMTPServer(SMTPServerDraft)
    /// The data backup settings (manual §5.6.4); passphrase and FTP password sealed by `decide`.
    case setBackupSettings(BackupSettingsDraft)
    /// The connection to the SRM server (manual §5.2); its secret is sealed by `decide`.
    case setSRMSettings(SRMSettingsDraft)
    /// Records an archive made or deleted (manual §5.6.4); the file work is the backup module's.
    case recordBackupCreated(BackupArchiveRecord)
    case recordBackupDeleted(BackupArchiveRecord)
    /// Changes what the patch names of a user's telephony settings.
    case setUserTelephony(number: String, UserTelephonyPatch)
    /// Creates or replaces message group `number` (1…50).
    case setMessageGroup(MessageGroup)
    case deleteMessageGroup(number: Int)
    /// Replaces the emergency numbers (`numbers: nil` follows the country) and their internal
    /// destination.
    case setEmergencySettings(EmergencySettings)
    /// The media relay's ports and the terminal kinds it carries (issue 16, point 3).
    case setMediaRelay(MediaRelaySettings)
    /// Creates or replaces SIP provider `number` (1…10).
    case setSIPProvider(SIPProvider)
    /// Refused while an account still uses the provider.
    case deleteSIPProvider(number: Int)
    /// Creates or replaces SIP account `number` (1…10); seals its password.
    case setSIPAccount(SIPAccountDraft)
    case deleteSIPAccount(number: Int)
    /// Replaces the exchange access code.
    case setTrunkRouting(TrunkRouting)
    /// Replaces the DDI plan: its rows and its default destination.
    case setDDIPlan(DDIPlan)

    /// The stream the command's main event goes to (for `expectedVersion` checks).
    /// `createTerminal` is decided against `terminal/<next id>`.
    public func stream(in state: SystemState) -> String {
        switch self {
        case .setSystemIdentity: "system"
        case .createUser(let user): "user/\(user.number)"
        case .updateUser(let number, _): "user/\(number)"
        case .deleteUser(let number): "user/\(number)"
        case .createTerminal: "terminal/\(state.nextTerminalID)"
        case .updateTerminal(let id, _), .deleteTerminal(let id): "terminal/\(id)"
        case .raiseEventMessage, .confirmEventMessage: DomainEvent.eventMessagesStream
        case .setEventFilters(let table, _): "eventtable/\(table)"
        case .configureDestination(let id, _): "destination/\(id)"
        case .switchDestinationKind(let kind, _): "destinationkind/\(kind.rawValue)"
        case .bootstrapAccessControl: DomainEvent.accountStream(SystemState.defaultAccountName)
        case .createAccount(let draft): DomainEvent.accountStream(draft.name)
        case .updateAccount(let name, _), .deleteAccount(let name): DomainEvent.accountStream(name)
        case .setPassword(let change): DomainEvent.accountStream(change.account)
        case .recordAccess(let attempt): DomainEvent.accountStream(attempt.account)
        case .createProfile(let profile), .updateProfile(let profile): DomainEvent.profileStream(profile.id)
        case .deleteProfile(let id): DomainEvent.profileStream(id)
        case .setAccessControlSettings: DomainEvent.accessControlStream
        case .setRemoteMaintenance: DomainEvent.remoteMaintenanceStream
        case .setSNMPAgent: DomainEvent.snmpAgentStream
        case .installTLSCertificate, .reportTLSCertificateExpiry: DomainEvent.tlsStream
        case .setDoSProtection: DomainEvent.dosProtectionStream
        case .setSMTPServer: DomainEvent.smtpServerStream
        case .setBackupSettings: DomainEvent.backupSettingsStream
        case .setSRMSettings: DomainEvent.srmStream
        case .recordBackupCreated, .recordBackupDeleted: DomainEvent.backupArchivesStream
        case .setUserTelephony(let number, _): "user/\(number)"
        case .setMessageGroup(let group): DomainEvent.messageGroupStream(group.number)
        case .deleteMessageGroup(let number): DomainEvent.messageGroupStream(number)
        case .setEmergencySettings: DomainEvent.emergencyStream
        case .setMediaRelay: DomainEvent.mediaRelayStream
        case .setSIPProvider(let provider): DomainEvent.sipProviderStream(provider.number)
        case .deleteSIPProvider(let number): DomainEvent.sipProviderStream(number)
        case .setSIPAccount(let draft): DomainEvent.sipAccountStream(draft.number)
        case .deleteSIPAccount(let number): DomainEvent.sipAccountStream(number)
        case .setTrunkRouting: DomainEvent.trunkRoutingStream
        case .setDDIPlan: DomainEvent.ddiPlanStream
        }
    }
}

/// A new terminal as the administrator describes it; the password is plaintext here and is
/// sealed by `decide`.
public struct TerminalDraft: Sendable, Hashable {
    public var kind: TerminalKind
    public var registrationName: String
    public var password: String
    public var userNumber: String?
    public var macAddress: String?
    public var srtp: SRTPMode

    public init(
        kind: TerminalKind, registrationName: String, password: String, userNumber: String? = nil, macAddress: String? = nil, srtp: SRTPMode = .standard
    ) {
        self.srtp = srtp
        self.kind = kind
        self.registrationName = registrationName
        self.password = password
        self.userNumber = userNumber
        self.macAddress = macAddress
    }
}

/// Changes to a terminal; `nil` leaves a field as it is. `userNumber: .some(nil)` unassigns.
public struct TerminalPatch: Sendable, Hashable {
    public var registrationName: String?
    public var password: String?
    public var userNumber: String??
    public var macAddress: String??
    public var srtp: SRTPMode?

    public init(registrationName: String? = nil, password: String? = nil, userNumber: String?? = nil, macAddress: String?? = nil, srtp: SRTPMode? = nil) {
        self.srtp = srtp
        self.registrationName = registrationName
        self.password = password
        self.userNumber = userNumber
        self.macAddress = macAddress
    }
}
