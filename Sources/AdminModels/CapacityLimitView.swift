/// One capacity limit of the manual (`GET /api/v1/system/capacity`): its maximum, how much of it
/// is used (null where the server does not count it yet) and the manual's table it comes from.
public struct CapacityLimitView: Codable, Sendable, Hashable, JSONWritable {
    public var limit: String
    public var max: Int
    public var used: Int?
    public var reference: String

    public init(limit: String, max: Int, used: Int?, reference: String) {
        self.limit = limit
        self.max = max
        self.used = used
        self.reference = reference
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("limit", limit)
        writer.member("max", max)
        writer.member("reference", reference)
        writer.member("used", used)
        writer.endObject()
    }
}
