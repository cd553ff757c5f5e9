/// One entry of the event-type catalogue (manual §6.3.1.1, Tab. 24).
///
/// Names, severities, polarities and parameters are the manual's facts; descriptions are ours.
/// `code` is stable forever: SNMP traps, syslog and stored occurrences refer to it, so a type
/// added later takes a new code and a code is never reused.
///
/// A value, but its members live in one shared, immutable ``Entry``: the fold looks a type up
/// for every occurrence it replays, and copying eleven members out of the catalogue cost a
/// retain and a release for each of its six strings and lists, about a tenth of an
/// occurrence's fold (issue 12's replay figure; docs/benchmarks.md).
public struct EventType: Sendable, Hashable {
    /// The members, shared by every copy of the type through one ``Entry``.
    struct Members: Sendable, Hashable {
        let code: Int
        let key: String
        let name: String
        let description: String
        let severity: EventSeverityRule
        let polarity: EventPolarity
        let partner: String?
        let identifyingParameters: [String]
        let parameters: [EventParameter]
        let raisedByServer: Bool
        let unfilteredOnLocal: Bool
    }

    /// Never changed after `init`.
    final class Entry: Sendable {
        let members: Members
        init(_ members: Members) { self.members = members }
    }

    private let entry: Entry

    /// Stable numeric code (1, 2, 3 … in the order of Tab. 24; later types get new numbers).
    public var code: Int { entry.members.code }
    /// Stable snake_case key used in the API, payloads and event tables, e.g. `sip_account_not_available`.
    public var key: String { entry.members.key }
    /// The manual's name, e.g. "SIP account not available".
    public var name: String { entry.members.name }
    /// What happened, in our own words.
    public var description: String { entry.members.description }
    public var severity: EventSeverityRule { entry.members.severity }
    public var polarity: EventPolarity { entry.members.polarity }
    /// The key of the matching type of a "with match" pair (negative ↔ positive).
    public var partner: String? { entry.members.partner }
    /// The parameters whose values identify the same fault, so a positive message clears only
    /// the negative one about the same provider + account, the same slot, … Empty: the type
    /// identifies the fault by itself.
    public var identifyingParameters: [String] { entry.members.identifyingParameters }
    public var parameters: [EventParameter] { entry.members.parameters }
    /// `false` for hardware-only types (fans, power supplies, cards, DECT): they stay in the
    /// catalogue so a satellite or an outside source can report them, but this server never
    /// raises them on its own.
    public var raisedByServer: Bool { entry.members.raisedByServer }
    /// Output on every enabled local destination whatever the event tables say (Tab. 24:
    /// "Remote maintenance enabled … is output unfiltered on local destinations"): whoever
    /// looks after the system on site learns that someone may now come in from outside.
    public var unfilteredOnLocal: Bool { entry.members.unfilteredOnLocal }

    public init(
        code: Int, key: String, name: String, description: String,
        severity: EventSeverityRule, polarity: EventPolarity, partner: String? = nil,
        identifyingParameters: [String] = [], parameters: [EventParameter] = [],
        raisedByServer: Bool = true, unfilteredOnLocal: Bool = false
    ) {
        entry = Entry(
            Members(
                code: code, key: key, name: name, description: description, severity: severity, polarity: polarity, partner: partner,
                identifyingParameters: identifyingParameters, parameters: parameters, raisedByServer: raisedByServer,
                unfilteredOnLocal: unfilteredOnLocal))
    }

    public static func == (lhs: EventType, rhs: EventType) -> Bool {
        lhs.entry === rhs.entry || lhs.entry.members == rhs.entry.members
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(key)
    }
}
