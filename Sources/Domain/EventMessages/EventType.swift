/// One entry of the event-type catalogue (manual §6.3.1.1, Tab. 24).
///
/// Names, severities, polarities and parameters are the manual's facts; descriptions are ours.
/// `code` is stable forever: SNMP traps, syslog and stored occurrences refer to it, so a type
/// added later takes a new code and a code is never reused.
public struct EventType: Sendable, Hashable {
    /// Stable numeric code (1, 2, 3 … in the order of Tab. 24; later types get new numbers).
    public let code: Int
    /// Stable snake_case key used in the API, payloads and event tables, e.g. `sip_account_not_available`.
    public let key: String
    /// The manual's name, e.g. "SIP account not available".
    public let name: String
    /// What happened, in our own words.
    public let description: String
    public let severity: EventSeverityRule
    public let polarity: EventPolarity
    /// The key of the matching type of a "with match" pair (negative ↔ positive).
    public let partner: String?
    /// The parameters whose values identify the same fault, so a positive message clears only
    /// the negative one about the same provider + account, the same slot, … Empty: the type
    /// identifies the fault by itself.
    public let identifyingParameters: [String]
    public let parameters: [EventParameter]
    /// `false` for hardware-only types (fans, power supplies, cards, DECT): they stay in the
    /// catalogue so a satellite or an outside source can report them, but this server never
    /// raises them on its own.
    public let raisedByServer: Bool
    /// Output on every enabled local destination whatever the event tables say (Tab. 24:
    /// "Remote maintenance enabled … is output unfiltered on local destinations"): whoever
    /// looks after the system on site learns that someone may now come in from outside.
    public let unfilteredOnLocal: Bool

    public init(
        code: Int, key: String, name: String, description: String,
        severity: EventSeverityRule, polarity: EventPolarity, partner: String? = nil,
        identifyingParameters: [String] = [], parameters: [EventParameter] = [],
        raisedByServer: Bool = true, unfilteredOnLocal: Bool = false
    ) {
        self.code = code
        self.key = key
        self.name = name
        self.description = description
        self.severity = severity
        self.polarity = polarity
        self.partner = partner
        self.identifyingParameters = identifyingParameters
        self.parameters = parameters
        self.raisedByServer = raisedByServer
        self.unfilteredOnLocal = unfilteredOnLocal
    }
}
