/// An active event message (manual §6.3.1.3): a fault that has occurred and has not yet been
/// resolved by its positive partner or confirmed; `count` occurrences since `firstAt`.
public struct ActiveEventMessageView: Codable, Sendable, Hashable, JSONWritable {
    public var number: Int64
    public var type: String
    public var code: Int
    public var name: String
    public var severity: String
    public var parameters: [String: String]
    public var firstAt: String
    public var lastAt: String
    public var lastNumber: Int64
    public var count: Int
    public var simulated: Bool
    public var node: Int

    public init(
        number: Int64, type: String, code: Int, name: String, severity: String, parameters: [String: String], firstAt: String, lastAt: String,
        lastNumber: Int64, count: Int, simulated: Bool, node: Int
    ) {
        self.number = number
        self.type = type
        self.code = code
        self.name = name
        self.severity = severity
        self.parameters = parameters
        self.firstAt = firstAt
        self.lastAt = lastAt
        self.lastNumber = lastNumber
        self.count = count
        self.simulated = simulated
        self.node = node
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("code", code)
        writer.member("count", count)
        writer.member("firstAt", firstAt)
        writer.member("lastAt", lastAt)
        writer.member("lastNumber", lastNumber)
        writer.member("name", name)
        writer.member("node", node)
        writer.member("number", number)
        writer.member("parameters", parameters)
        writer.member("severity", severity)
        writer.member("simulated", simulated)
        writer.member("type", type)
        writer.endObject()
    }
}
