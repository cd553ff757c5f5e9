/// The projected configuration: `events.reduce(into: SystemState(), apply)` (architecture rule 1).
///
/// Keys of the dictionaries are Strings so the canonical encoding (sorted keys) and hence the
/// state hash are deterministic.
public struct SystemState: Sendable, Hashable, Codable {
    public var identity: SystemIdentity
    /// By call number.
    public var users: [String: User]
    /// By terminal id (decimal).
    public var terminals: [String: Terminal]
    /// The id the next created terminal gets.
    public var nextTerminalID: Int
    /// Events per domain stream, so `decide` can check `expectedVersion` and predict versions.
    public var streamVersions: [String: Int64]
    /// Event tables, signal destinations, active messages and views (manual §6.3.1).
    public var eventMessages: EventMessageState
    /// Accounts, profiles, access logs and remote maintenance (manual §5.3, §5.4).
    public var accessControl: AccessControlState
    /// Who may read the SNMP agent.
    public var snmpAgent: SNMPAgentSettings
    /// The TLS certificate of the SIP listeners and what its expiry monitor reported.
    public var tls: TLSState
    /// The DoS protection settings an administrator set, `nil` until the first
    /// `sip.dosprotection.set`: a state without that event encodes, and hashes, exactly as before
    /// the setting existed, and an old snapshot decodes to the defaults (architecture rule 5).
    var dosProtectionSet: DoSProtectionSettings?
    /// Message groups, emergency numbers and users' telephony settings, `nil` while none is set
    /// (like ``dosProtectionSet``, so a state without them encodes as before they existed).
    var telephonySet: TelephonyConfiguration?
    /// SIP providers and accounts, `nil` while none is configured (like ``telephonySet``).
    var trunksSet: TrunkConfiguration?
    /// The SMTP server e-mail goes through (issue 17), `nil` until one is set — absent from the
    /// snapshot and the hash until then.
    public var smtpServer: SMTPServerSettings?
    /// The data backup settings an administrator set, `nil` until the first
    /// `backup.settings.set` (like ``dosProtectionSet``).
    var backupSettingsSet: BackupSettings?
    /// The connection to the SRM server (manual §5.2), `nil` until one is set — absent from the
    /// snapshot and the hash until then.
    public var srm: SRMSettings?

    /// The data backup settings (manual §5.6.4): the defaults, auto backup off, until set.
    public var backupSettings: BackupSettings { backupSettingsSet ?? .standard }

    /// How the SIP listeners defend against floods and probes (issue 15, point 3).
    public var dosProtection: DoSProtectionSettings { dosProtectionSet ?? DoSProtectionSettings() }

    /// Message groups, emergency numbers and the users' telephony settings (issue 15,
    /// points 5–7).
    public var telephony: TelephonyConfiguration { telephonySet ?? TelephonyConfiguration() }

    /// The SIP trunks: providers and accounts (issue 16, point 1).
    public var trunks: TrunkConfiguration { trunksSet ?? TrunkConfiguration() }

    /// The snapshot's member names; `dosProtection` is absent while it is the default.
    enum CodingKeys: String, CodingKey {
        case identity, users, terminals, nextTerminalID, streamVersions, eventMessages, accessControl, snmpAgent, tls
        case dosProtectionSet = "dosProtection"
        case telephonySet = "telephony"
        case trunksSet = "trunks"
        case smtpServer
        case backupSettingsSet = "backup"
        case srm
    }

    public init() {
        identity = SystemIdentity()
        users = [:]
        terminals = [:]
        nextTerminalID = 1
        streamVersions = [:]
        eventMessages = EventMessageState()
        accessControl = AccessControlState()
        snmpAgent = SNMPAgentSettings()
        tls = TLSState()
    }
}
