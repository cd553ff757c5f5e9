/// One occurrence of an event message (manual §6.3.1): its number, type and severity, the
/// parameters it was raised with, and which event tables and destinations it went to.
/// `position` is the log position, given where the message was just written or is streamed.
public struct EventMessageView: Codable, Sendable, Hashable, JSONWritable {
    public var number: Int64
    public var type: String
    public var code: Int
    public var name: String
    public var severity: String
    public var polarity: String
    public var parameters: [String: String]
    public var node: Int
    public var at: String
    public var simulated: Bool
    public var tables: [Int]
    public var destinations: [String]
    /// A test message's one destination.
    public var target: String?
    /// The active message a positive message resolved.
    public var activeNumber: Int64?
    public var position: Int64?
    /// A test message's delivery, in the answer to the test request only.
    public var delivery: TestDeliveryView?

    public init(
        number: Int64, type: String, code: Int, name: String, severity: String, polarity: String, parameters: [String: String], node: Int, at: String,
        simulated: Bool, tables: [Int], destinations: [String], target: String?, activeNumber: Int64?, position: Int64? = nil
    ) {
        self.number = number
        self.type = type
        self.code = code
        self.name = name
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
        self.position = position
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("activeNumber", activeNumber)
        writer.member("at", at)
        writer.member("code", code)
        if let delivery { writer.member("delivery", delivery) }
        writer.member("destinations", destinations)
        writer.member("name", name)
        writer.member("node", node)
        writer.member("number", number)
        writer.member("parameters", parameters)
        writer.member("polarity", polarity)
        if let position { writer.member("position", position) }
        writer.member("severity", severity)
        writer.member("simulated", simulated)
        writer.member("tables", tables)
        writer.member("target", target)
        writer.member("type", type)
        writer.endObject()
    }
}
