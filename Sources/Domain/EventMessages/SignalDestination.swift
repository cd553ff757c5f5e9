/// One signal destination and its settings (manual §6.3.1.3, *Message destinations* view).
///
/// The set of destinations is fixed — ids are ``SignalDestination/allIDs`` — and each can be
/// switched on and off and given another event table. Settings a destination's protocol needs
/// (syslog collector, webhook URLs, an address) are kept here; a destination cannot be switched
/// on before they are set.
public struct SignalDestination: Sendable, Hashable, Codable {
    /// e.g. `system_phone_1`, `external`, `local_2`, `snmp_5`, `event_log`, `email_3`, `atas`, `srm`.
    public var id: String
    public var kind: SignalDestinationKind
    public var enabled: Bool
    /// The event table (1…8) whose filter decides what this destination gets.
    public var table: Int
    /// System phones only: the message group the messages are entered in (16 or 15, fixed).
    public var messageGroup: Int?
    /// The settings its protocol needs, as the plug-in of its kind declares them (a syslog
    /// collector, a webhook, an SNMP receiver, an address); see ``DestinationSettings``.
    public var settings: DestinationSettingsObject?

    public init(
        id: String, kind: SignalDestinationKind, enabled: Bool, table: Int, messageGroup: Int? = nil, settings: DestinationSettingsObject? = nil
    ) {
        self.id = id
        self.kind = kind
        self.enabled = enabled
        self.table = table
        self.messageGroup = messageGroup
        self.settings = settings
    }

    /// Whether the settings its protocol needs are there, so it can be switched on or tested.
    public var isConfigured: Bool { !kind.needsSettings || settings != nil }

    /// The typed settings, or `nil` when none of that type are set.
    public func settings<Settings: DestinationSettings>(_ type: Settings.Type) -> Settings? {
        try? settings?.decode(as: type)
    }

    /// The destinations after a first start, with the default table assignment of manual
    /// §6.3.1.3 and docs/architecture.md: phone 1 → 1 (group 16), external → 2, local and SNMP → 3 (shared),
    /// event log → 4, e-mail → 5, ATAS → 6, SRM → 7, phone 2 → 8 (group 15).
    ///
    /// The system phones and the event log are on, as on a new system; the others are off
    /// until an administrator gives them an address.
    public static func firstStart() -> [String: SignalDestination] {
        var destinations: [SignalDestination] = [
            SignalDestination(id: "system_phone_1", kind: .systemPhone, enabled: true, table: 1, messageGroup: 16),
            SignalDestination(id: "system_phone_2", kind: .systemPhone, enabled: true, table: 8, messageGroup: 15),
            SignalDestination(id: "external", kind: .external, enabled: false, table: 2),
            SignalDestination(id: "event_log", kind: .eventLog, enabled: true, table: 4),
            SignalDestination(id: "atas", kind: .atas, enabled: false, table: 6),
            SignalDestination(id: "srm", kind: .srm, enabled: false, table: 7),
        ]
        for index in 1...CapacityLimit.syslogDestinations.max {
            destinations.append(SignalDestination(id: "local_\(index)", kind: .local, enabled: false, table: 3))
        }
        for index in 1...CapacityLimit.snmpDestinations.max {
            destinations.append(SignalDestination(id: "snmp_\(index)", kind: .snmp, enabled: false, table: 3))
        }
        for index in 1...CapacityLimit.emailDestinations.max {
            destinations.append(SignalDestination(id: "email_\(index)", kind: .email, enabled: false, table: 5))
        }
        return Dictionary(uniqueKeysWithValues: destinations.map { ($0.id, $0) })
    }

    /// Every destination id, in the order the API lists them.
    public static let allIDs: [String] = firstStart().values
        .sorted { ($0.kind.order, $0.id) < ($1.kind.order, $1.id) }
        .map(\.id)
}

extension SignalDestinationKind {
    fileprivate var order: Int { Self.allCases.firstIndex(of: self)! }
}
