/// The kinds of signal destination of manual §6.3.1.3. Each kind has a global switch; some hold
/// several destinations (5 SNMP, 5 e-mail, 3 syslog collectors for the local destination).
public enum SignalDestinationKind: String, Sendable, Hashable, Codable, CaseIterable {
    case systemPhone = "system_phone"
    case external
    case local
    case snmp
    case eventLog = "event_log"
    case email
    case atas
    case srm

    /// The faults of these kinds are reported as "External event message destination not
    /// reachable"; the others as "Internal …" (manual Tab. 24: the internal one is the local
    /// output).
    public var isExternal: Bool {
        switch self {
        case .external, .email, .atas, .srm, .snmp: true
        case .systemPhone, .local, .eventLog: false
        }
    }

    /// Whether messages are held and sent together every 5 minutes (manual §6.3.1.3, "Signalling
    /// an event message to an external signal destination"). Only the external destination
    /// batches: syslog and SNMP collectors expect each message as it happens.
    public var isBatched: Bool { self == .external }

    /// Whether a destination of this kind needs settings before it can be switched on. System
    /// phones and the event log are part of the system itself; the SRM destination goes up the
    /// system's one SRM connection (``SRMSettings``), which is set on its own (manual §5.2).
    public var needsSettings: Bool { self != .systemPhone && self != .eventLog && self != .srm }

    /// What a destination of this kind is missing while it has no settings, for the error that
    /// refuses to switch it on.
    var missingSettings: String {
        switch self {
        case .local: "syslog collector"
        case .external: "webhook"
        case .snmp: "SNMP receiver"
        case .email: "address"
        case .atas: "alarmServer"
        case .systemPhone, .eventLog, .srm: "settings"
        }
    }
}
