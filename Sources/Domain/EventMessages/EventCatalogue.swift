/// Every event type of the manual's Tab. 24, looked up by key or code.
///
/// The entries themselves are in `EventCatalogue+Entries.swift`; the e-mail failure codes of
/// Tab. 25 are in `EventCatalogue+MailFailureCodes.swift`.
public enum EventCatalogue {
    public static let all: [EventType] = entries

    private static let byKey: [String: EventType] = Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0) })
    private static let byCode: [Int: EventType] = Dictionary(uniqueKeysWithValues: entries.map { ($0.code, $0) })

    /// The texts an occurrence's payload repeats (``KnownTexts``): replay then shares them
    /// instead of making each anew.
    static let typeKeys = KnownTexts(entries.map(\.key))
    static let parameterKeys = KnownTexts(entries.flatMap { $0.parameters.map(\.key) })
    static let destinationIDs = KnownTexts(SignalDestination.allIDs)

    public static func type(key: String) -> EventType? { byKey[key] }
    public static func type(code: Int) -> EventType? { byCode[code] }

    /// Types the server itself raises today; later issues add their sources.
    public enum Key {
        public static let testEventMessage = "test_event_message"
        public static let serverRestarted = "server_restarted"
        public static let tooManyEventMessages = "too_many_event_messages"
        public static let tooManyErrorsWithSameID = "too_many_errors_with_same_id"
        public static let malfunction = "malfunction"
        public static let externalDestinationNotReachable = "external_destination_not_reachable"
        public static let externalDestinationReachable = "external_destination_reachable"
        public static let internalDestinationNotReachable = "internal_destination_not_reachable"
        public static let internalDestinationReachable = "internal_destination_reachable"
        public static let sendEmailFailed = "send_email_failed"
        public static let emailSuccessfullySent = "email_successfully_sent"
        public static let atasConnectionEstablished = "atas_connection_established"
        public static let atasConnectionLost = "atas_connection_lost"
        public static let mainsVoltageFailure = "mains_voltage_failure"
        public static let remoteMaintenanceEnabled = "remote_maintenance_enabled"
        public static let remoteMaintenanceDisabled = "remote_maintenance_disabled"
        public static let logIntegrityViolated = "log_integrity_violated"
        public static let logIntegrityAcknowledged = "log_integrity_acknowledged"
        public static let tlsCertificateExpiresSoon = "tls_certificate_expires_soon"
        public static let tlsCertificateGenerated = "tls_certificate_generated"
        public static let sipAccountAvailable = "sip_account_available"
        public static let sipAccountNotAvailable = "sip_account_not_available"
        public static let autoBackupFailed = "auto_backup_failed"
        public static let autoBackupSuccessful = "auto_backup_successful"
        public static let srmConnectionFailed = "srm_connection_failed"
        public static let srmConnectionRestored = "srm_connection_restored"
    }
}
