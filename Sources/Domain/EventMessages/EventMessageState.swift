/// The event-message part of ``SystemState``: event tables, signal destinations, the filter
/// counters, active messages and the event-log views — all folded from the log, so replay
/// rebuilds the same routing decisions, active set and status (same state hash).
public struct EventMessageState: Sendable, Hashable, Codable {
    /// Rows that differ from ``EventTableDefaults``: table number (text) → type key → filter.
    /// Changed only by ``apply(table:filters:)``, which keeps ``customRows`` in step.
    public internal(set) var tableOverrides: [String: [String: EventTableFilter]] {
        didSet { customRows = EventTableCustomRows(tableOverrides) }
    }
    /// Derived from `tableOverrides`; not encoded (see ``CodingKeys``).
    private(set) var customRows = EventTableCustomRows()
    /// Custom rows' counters, by `"<table>/<type key>"`.
    public var counters: [String: EventTableCounter]
    public var destinations: [String: SignalDestination]
    /// A kind's global switch (manual §6.3.1.3: e-mail and ATAS "can be globally switched on or
    /// off"); absent means on.
    public var kindSwitches: [String: Bool]
    /// By identity (``ActiveEventMessage/identity``).
    public var active: [String: ActiveEventMessage]
    /// The event-log destination's view: the last 254 messages it was given.
    public var eventLog: RecentEntries<EventMessage>
    /// The last 10 mains voltage failures.
    public var powerFailures: RecentEntries<EventMessage>
    public var nextNumber: Int64
    /// Malfunctions per error id within the last hour, for "Too many errors with the same ID".
    public var errorCounters: [String: EventTableCounter]
    /// Occurrences per type in the current clock hour, for "Too many event messages".
    public var floodHour: Int64
    public var floodCounts: [String: Int]
    public var floodReported: Bool

    /// Every stored member but the derived ``customRows``: the snapshot's and the state hash's
    /// bytes are those of the members the log folds.
    enum CodingKeys: String, CodingKey {
        case tableOverrides, counters, destinations, kindSwitches, active, eventLog, powerFailures, nextNumber, errorCounters
        case floodHour, floodCounts, floodReported
    }

    public init() {
        tableOverrides = [:]
        counters = [:]
        destinations = SignalDestination.firstStart()
        kindSwitches = [:]
        active = [:]
        eventLog = []
        powerFailures = []
        nextNumber = 1
        errorCounters = [:]
        floodHour = 0
        floodCounts = [:]
        floodReported = false
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        tableOverrides = try container.decode([String: [String: EventTableFilter]].self, forKey: .tableOverrides)
        counters = try container.decode([String: EventTableCounter].self, forKey: .counters)
        destinations = try container.decode([String: SignalDestination].self, forKey: .destinations)
        kindSwitches = try container.decode([String: Bool].self, forKey: .kindSwitches)
        active = try container.decode([String: ActiveEventMessage].self, forKey: .active)
        eventLog = try container.decode(RecentEntries<EventMessage>.self, forKey: .eventLog)
        powerFailures = try container.decode(RecentEntries<EventMessage>.self, forKey: .powerFailures)
        nextNumber = try container.decode(Int64.self, forKey: .nextNumber)
        errorCounters = try container.decode([String: EventTableCounter].self, forKey: .errorCounters)
        floodHour = try container.decode(Int64.self, forKey: .floodHour)
        floodCounts = try container.decode([String: Int].self, forKey: .floodCounts)
        floodReported = try container.decode(Bool.self, forKey: .floodReported)
        customRows = EventTableCustomRows(tableOverrides)
    }

    /// The row of `table` for `type`, its override or its first-start default.
    public func filter(table: Int, type: EventType) -> EventTableFilter {
        tableOverrides[String(table)]?[type.key] ?? EventTableDefaults.filter(table: table, type: type)
    }

    public func isKindOn(_ kind: SignalDestinationKind) -> Bool {
        kindSwitches[kind.rawValue] ?? true
    }

    public var status: SystemStatus { SystemStatus(active: active.values) }

    /// Active messages, oldest first.
    public var activeMessages: [ActiveEventMessage] {
        active.values.sorted { $0.number < $1.number }
    }

    static func counterKey(table: Int, type: String) -> String {
        var key = String(table)
        key.reserveCapacity(key.utf8.count + 1 + type.utf8.count)
        key.append("/")
        key.append(type)
        return key
    }

    /// More than 50 errors with the same id per hour (manual Tab. 24).
    static let errorsPerHourLimit = 50
    /// Occurrences of one type within a clock hour that make a flood: our choice (the manual
    /// leaves the limit to a table this system does not have); see the README.
    static let floodLimitPerHour = 1_000
    static let hour: Int64 = 3_600_000_000
}
