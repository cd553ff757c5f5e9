/// The capacity limits and setting ranges of the manual (§3.1.2 Tab. 13 "General system
/// capacity", Tab. 14 "Maximum number of terminals per system and interface", §6.3.1 event
/// messages), in one table (architecture rule 7). Every check reads `min`/`max` from here; an error
/// names the limit by its `rawValue`.
public enum CapacityLimit: String, Sendable, CaseIterable, Codable {
    /// Tab. 13: users (each needs a licence).
    case users
    /// Tab. 14: terminals per system, all kinds together.
    case terminals
    /// Tab. 13: terminals per user.
    case terminalsPerUser = "terminals_per_user"
    /// Tab. 14: Mitel SIP terminals (system SIP phones) on LAN interfaces.
    case systemSIPTerminals = "system_sip_terminals"
    /// Tab. 14: standard SIP terminals on LAN interfaces.
    case standardSIPTerminals = "standard_sip_terminals"
    /// Tab. 13: SIP user accounts.
    case sipUserAccounts = "sip_user_accounts"
    /// Tab. 13: user accounts for user access control.
    case userAccounts = "user_accounts"
    /// Tab. 13: authorization profiles for user accounts.
    case authorizationProfiles = "authorization_profiles"
    /// Tab. 13: log entries per user account.
    case logEntriesPerUserAccount = "log_entries_per_user_account"
    /// §6.3.1.2: event tables 1…8 (the manual's text says 7, its destinations use 8).
    case eventTables = "event_tables"
    /// §6.3.1.2: a custom filter forwards after 2…20 occurrences …
    case eventFilterFrequency = "event_filter_frequency"
    /// … within 1…672 hours (28 days).
    case eventFilterPeriodHours = "event_filter_period_hours"
    /// §6.3.1.3: the event log view keeps the last 254 event messages.
    case eventLogEntries = "event_log_entries"
    /// §6.3.1.3: the power failure log keeps the last 10.
    case powerFailureEntries = "power_failure_entries"
    /// §6.3.1.3: 5 SNMP destinations.
    case snmpDestinations = "snmp_destinations"
    /// §6.3.1.3: up to 5 e-mail destinations.
    case emailDestinations = "email_destinations"
    /// Syslog collectors of the local destination. The manual has one local destination; we
    /// allow 3 collectors so a site can feed a primary and a standby SIEM and a local archive.
    case syslogDestinations = "syslog_destinations"
    /// RFC 5424 §6.2.1: facilities 0…23.
    case syslogFacility = "syslog_facility"
    /// A TCP or UDP port.
    case port
    /// §5.3.1.1: user names have 1…25 characters.
    case accountNameLength = "account_name_length"
    /// §5.3.1.3: passwords have 8…255 characters.
    case passwordLength = "password_length"
    /// §5.3.1.3: the last 4 passwords may not be used again.
    case passwordHistory = "password_history"
    /// §5.3.1.3: the 15th wrong password in a row blocks the account.
    case failedLoginsBeforeBlock = "failed_logins_before_block"
    /// §5.1 note: two administrators at a time.
    case administratorSessions = "administrator_sessions"
    /// §5.1 note: "no fewer than five users at the Receptionist authorization level"; we give
    /// every other level five places of its own.
    case sessionsPerLevel = "sessions_per_level"
    /// §5.3.2 automatic exit; the manual names no range, ours is 1 minute to a working day.
    case sessionIdleTimeoutMinutes = "session_idle_timeout_minutes"
    /// SNMP agent: v2c communities. The manual names none; 5, like the SNMP destinations.
    case snmpCommunities = "snmp_communities"
    /// SNMP agent: v3 (USM) users; 5, like the communities.
    case snmpUsers = "snmp_users"
    /// SNMP agent: the source networks it answers; 16 is more than a site's NMS subnets.
    case snmpAllowedNetworks = "snmp_allowed_networks"
    /// RFC 3414 §11.2: a USM passphrase has at least 8 characters; ours at most 64.
    case snmpPassphraseLength = "snmp_passphrase_length"
    /// A community or USM user name: 1…32 characters (SnmpAdminString of RFC 3411 allows 32).
    case snmpNameLength = "snmp_name_length"
    /// Contacts one terminal may have registered at once (RFC 3261 §10.3 allows several). The
    /// manual names none; 4 covers a phone registering over two transports or addresses, and a
    /// phone that rebooted with a new contact before its old one expired — a newer contact
    /// replaces the one that expires first.
    case contactsPerTerminal = "contacts_per_terminal"
    /// The registration interval the registrar grants, in seconds: shorter requests are refused
    /// with 423 and Min-Expires, longer ones shortened (RFC 3261 §10.3 step 7). The manual names
    /// none; one minute to one hour, the usual phone defaults.
    case registrationExpirySeconds = "registration_expiry_seconds"
    /// DoS protection (issue 15, point 3; manual Tab. 24 names the settings, not their ranges):
    /// failed registrations per source and window before the source is blocked; 0 turns the
    /// count off. Up to 100,000 per window for every count, which covers a busy trunk's requests.
    case dosFailedRegistrations = "dos_failed_registrations"
    /// Requests of any kind per source and window (a flood); 0 is off.
    case dosTransactions = "dos_transactions"
    /// Requests for dialogs or transactions that do not exist, per source and window; 0 is off.
    case dosRequestsWithoutSession = "dos_requests_without_session"
    /// Malformed messages per source and window; 0 is off.
    case dosModifiedMessages = "dos_modified_messages"
    /// The window the DoS counts are taken over: 1 s to an hour.
    case dosWindowSeconds = "dos_window_seconds"
    /// How long a blocked source gets nothing: 1 s to a day.
    case dosBlockSeconds = "dos_block_seconds"
    /// Terminals registered now (at least one live binding, RFC 3261 §10): every terminal of
    /// Tab. 14 may be registered at once. A gauge of the call core, not of the configuration.
    case registeredTerminals = "registered_terminals"
    /// Tab. 13 "Simultaneous connections, IP – IP (internal)": calls through the B2BUA at once.
    case simultaneousCalls = "simultaneous_calls"
    /// Tab. 13 "Announcement / message groups": groups 1…50; groups 16 and 15 are the
    /// destinations "system phone 1" and "2" (§6.3.1.3).
    case messageGroups = "message_groups"
    /// Tab. 13 "User per announcement / message group".
    case messageGroupMembers = "message_group_members"
    /// Tab. 13 "Public emergency numbers".
    case publicEmergencyNumbers = "public_emergency_numbers"
    /// Tab. 13 "SIP provider": providers a trunk can be configured to (issue 16, point 1).
    case sipProviders = "sip_providers"
    /// Tab. 15 "SIP access": SIP accounts with providers.
    case sipAccounts = "sip_accounts"
    /// Tab. 13 / Tab. 15 "SIP access channels": calls over all SIP accounts at once; the
    /// accounts' channel counts together may not exceed it.
    case sipAccessChannels = "sip_access_channels"
    /// Tab. 13 "Total DDI numbers": the numbers the accounts' DDI entries cover together.
    case ddiNumbers = "ddi_numbers"
    /// How often an account registers with its provider, in seconds. The manual names no
    /// range; one minute to a day covers every provider's Expires.
    case trunkRegistrationIntervalSeconds = "trunk_registration_interval_seconds"
    /// Tab. 12 "VoIP channels": media channels in use at once; a call through the media relay
    /// ("indirect switching") takes two (issue 16, point 3).
    case voipChannels = "voip_channels"
    /// The media relay's UDP ports: above the well-known ports, as RTP/RTCP pairs.
    case relayPort = "relay_port"
    /// How often the alarm server must send its cycle signal (docs/atas.md): often enough to
    /// notice a dead link within minutes, not so often that the link is busy with it.
    case atasCycleSeconds = "atas_cycle_seconds"
    /// The characters of a text the alarm server shows on phones (docs/atas.md; a system
    /// phone's display, manual §2.7.2.2, takes short texts).
    case atasTextLength = "atas_text_length"
    /// Users named in one request of the alarm server to show a text (docs/atas.md).
    case atasTextRecipients = "atas_text_recipients"
    /// Softkey labels of one text (docs/atas.md).
    case atasSoftkeys = "atas_softkeys"
    /// §5.6.4.1 names storage times but no ranges: up to two months of daily archives, two
    /// years of weekly ones and ten years of monthly ones (docs/backup.md).
    case backupKeepDays = "backup_keep_days"
    case backupKeepWeeks = "backup_keep_weeks"
    case backupKeepMonths = "backup_keep_months"
    /// The daily backup's time, minutes after midnight.
    case backupTimeOfDay = "backup_time_of_day"
    /// A backup passphrase: long enough that scrypt is not the only defence (docs/backup.md).
    case backupPassphraseLength = "backup_passphrase_length"
    /// The secret an SRM server issues for a system (`callplane-srm` issues 43 characters):
    /// short ones are guessable, and the SRM server keeps only their hash (docs/srm.md).
    case srmSecretLength = "srm_secret_length"

    /// The smallest allowed value: 0 for counts, the bottom of the range for settings.
    public var min: Int {
        switch self {
        case .eventTables, .eventFilterPeriodHours, .port, .accountNameLength, .sessionIdleTimeoutMinutes: 1
        case .registrationExpirySeconds, .trunkRegistrationIntervalSeconds: 60
        case .relayPort: 1024
        case .eventFilterFrequency: 2
        case .passwordLength, .snmpPassphraseLength: 8
        case .snmpNameLength, .dosWindowSeconds, .dosBlockSeconds: 1
        case .atasCycleSeconds: 5
        case .atasTextLength: 1
        case .backupKeepDays, .backupKeepWeeks, .backupKeepMonths: 1
        case .backupPassphraseLength: 12
        case .srmSecretLength: 16
        default: 0
        }
    }

    public var max: Int {
        switch self {
        case .users: 1200
        case .terminals: 2400
        case .terminalsPerUser: 16
        case .systemSIPTerminals: 2400
        case .standardSIPTerminals: 1200
        case .contactsPerTerminal: 4
        case .registrationExpirySeconds: 3600
        case .sipUserAccounts: 1200
        case .userAccounts: 25
        case .authorizationProfiles: 25
        case .logEntriesPerUserAccount: 20
        case .eventTables: 8
        case .eventFilterFrequency: 20
        case .eventFilterPeriodHours: 672
        case .eventLogEntries: 254
        case .powerFailureEntries: 10
        case .snmpDestinations: 5
        case .emailDestinations: 5
        case .syslogDestinations: 3
        case .syslogFacility: 23
        case .port: 65535
        case .accountNameLength: 25
        case .passwordLength: 255
        case .passwordHistory: 4
        case .failedLoginsBeforeBlock: 15
        case .administratorSessions: 2
        case .sessionsPerLevel: 5
        case .sessionIdleTimeoutMinutes: 480
        case .snmpCommunities, .snmpUsers: 5
        case .snmpAllowedNetworks: 16
        case .snmpPassphraseLength: 64
        case .snmpNameLength: 32
        case .dosFailedRegistrations, .dosTransactions, .dosRequestsWithoutSession, .dosModifiedMessages: 100_000
        case .dosWindowSeconds: 3600
        case .dosBlockSeconds: 86_400
        case .registeredTerminals: 2400
        case .simultaneousCalls: 250
        case .messageGroups: 50
        case .messageGroupMembers: 16
        case .publicEmergencyNumbers: 20
        case .sipProviders, .sipAccounts: 10
        case .sipAccessChannels: 240
        case .ddiNumbers: 4000
        case .trunkRegistrationIntervalSeconds: 86_400
        case .voipChannels: 250
        case .relayPort: 65535
        case .atasCycleSeconds: 300
        case .atasTextLength: 160
        case .atasTextRecipients: 100
        case .atasSoftkeys: 3
        case .backupKeepDays: 62
        case .backupKeepWeeks: 104
        case .backupKeepMonths: 120
        case .backupTimeOfDay: 1439
        case .backupPassphraseLength: 1024
        case .srmSecretLength: 256
        }
    }

    /// Where the manual states the limit.
    public var reference: String {
        switch self {
        case .terminals, .systemSIPTerminals, .standardSIPTerminals, .registeredTerminals: "manual §3.1.3, Tab. 14"
        case .eventTables, .eventFilterFrequency, .eventFilterPeriodHours: "manual §6.3.1.2"
        case .eventLogEntries, .powerFailureEntries, .snmpDestinations, .emailDestinations: "manual §6.3.1.3"
        case .syslogDestinations: "Callplane (README, event messages)"
        case .syslogFacility: "RFC 5424 §6.2.1"
        case .port: "RFC 793 / RFC 768"
        case .accountNameLength: "manual §5.3.1.1"
        case .passwordLength, .passwordHistory, .failedLoginsBeforeBlock: "manual §5.3.1.3"
        case .administratorSessions, .sessionsPerLevel: "manual §5.1"
        case .sessionIdleTimeoutMinutes: "manual §5.3.2"
        case .snmpCommunities, .snmpUsers, .snmpAllowedNetworks: "Callplane (README, SNMP agent)"
        case .snmpPassphraseLength, .snmpNameLength: "RFC 3411 / RFC 3414"
        case .contactsPerTerminal, .registrationExpirySeconds: "Callplane (RFC 3261 §10.3; docs/decisions.md)"
        case .sipAccounts: "manual §3.1.4, Tab. 15"
        case .trunkRegistrationIntervalSeconds: "Callplane (RFC 3261 §10.2.1; docs/decisions.md)"
        case .voipChannels: "manual §3.1.2, Tab. 12"
        case .relayPort: "Callplane (RFC 3550 §11; docs/decisions.md)"
        case .atasCycleSeconds, .atasTextLength, .atasTextRecipients, .atasSoftkeys: "Callplane (docs/atas.md)"
        case .backupKeepDays, .backupKeepWeeks, .backupKeepMonths, .backupTimeOfDay, .backupPassphraseLength: "Callplane (manual §5.6.4.1; docs/backup.md)"
        case .srmSecretLength: "Callplane (manual §5.2; docs/srm.md)"
        case .dosFailedRegistrations, .dosTransactions, .dosRequestsWithoutSession, .dosModifiedMessages, .dosWindowSeconds, .dosBlockSeconds:
            "Callplane (manual Tab. 24; docs/decisions.md)"
        default: "manual §3.1.2, Tab. 13"
        }
    }

    /// `min…max`, for messages.
    public var range: ClosedRange<Int> { min...max }
}
