/// One occurrence of an event message, as the log records it (`eventmessage.occurred`) and as
/// every view and destination reads it (docs/architecture.md, "Occurrence").
///
/// The routing (`tables`, `destinations`) is decided once, when the occurrence is appended, from
/// the state folded up to that point; replay reads the same log and folds the same counters, so
/// it decides the same (manual §6.3.1.2; architecture rule 5).
public struct EventMessage: Sendable, Hashable, Codable {
    /// 1, 2, 3 … in the order the system generated them; shown as the message number.
    public var number: Int64
    /// The catalogue key (``EventType/key``).
    public var type: String
    /// The catalogue code (``EventType/code``), repeated so outside readers need no catalogue.
    public var code: Int
    public var severity: EventSeverity
    public var polarity: EventPolarity
    /// Parameter key → value as text (numbers in decimal).
    public var parameters: [String: String]
    /// The node that generated it (manual Tab. 24 note 1: "The node is also always indicated").
    public var node: Int
    /// When it occurred, microseconds since the Unix epoch, from the injected clock.
    public var at: Int64
    /// Raised by an administrator to test a network management system, not by a real fault.
    public var simulated: Bool
    /// The event tables whose filter let this occurrence through.
    public var tables: [Int]
    /// The signal destinations it is to be delivered to, by id (``SignalDestinationID``).
    public var destinations: [String]
    /// For a test event message sent to one destination: that destination. It then bypasses
    /// the event tables.
    public var target: String?
    /// The number of the active message (``ActiveEventMessage/number``) this occurrence opens or
    /// repeats, or, for a positive message, the one it clears; `nil` when it opens and clears
    /// nothing (a positive message without an active partner, a test message to one
    /// destination). The SNMP notifications carry it so an NMS can pair a clear with its raise.
    public var activeNumber: Int64?

    public init(
        number: Int64, type: String, code: Int, severity: EventSeverity, polarity: EventPolarity,
        parameters: [String: String], node: Int, at: Int64, simulated: Bool,
        tables: [Int], destinations: [String], target: String? = nil, activeNumber: Int64? = nil
    ) {
        self.number = number
        self.type = type
        self.code = code
        self.severity = severity
        self.polarity = polarity
        self.parameters = parameters
        self.node = node
        self.at = at
        self.simulated = simulated
        self.tables = tables
        self.destinations = destinations
        self.target = target
        self.activeNumber = activeNumber
    }
}
