/// Changes to a signal destination; `nil` leaves a setting as it is, `.some(nil)` clears it.
/// The webhook secret and the SNMP receiver's secrets arrive in plaintext and is sealed by `decide`.
public struct SignalDestinationChange: Sendable, Hashable {
    public var enabled: Bool?
    public var table: Int?
    public var syslog: SyslogSettings??
    public var webhook: WebhookDraft??
    public var snmp: SNMPNotificationDraft??
    public var address: String??

    public init(
        enabled: Bool? = nil, table: Int? = nil, syslog: SyslogSettings?? = nil, webhook: WebhookDraft?? = nil,
        snmp: SNMPNotificationDraft?? = nil, address: String?? = nil
    ) {
        self.enabled = enabled
        self.table = table
        self.syslog = syslog
        self.webhook = webhook
        self.snmp = snmp
        self.address = address
    }
}

/// The external destination's webhook as the administrator enters it.
public struct WebhookDraft: Sendable, Hashable {
    public var primaryURL: String
    public var alternativeURL: String?
    public var secret: String
    public var caFile: String?

    public init(primaryURL: String, alternativeURL: String? = nil, secret: String, caFile: String? = nil) {
        self.primaryURL = primaryURL
        self.alternativeURL = alternativeURL
        self.secret = secret
        self.caFile = caFile
    }
}
