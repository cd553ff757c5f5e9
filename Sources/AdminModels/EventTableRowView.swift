/// One row of an event table (manual §6.3.1.2): how often an event type reaches the table's
/// destinations (`none`, `every`, or `custom` N times within P hours), and whether that is the
/// table's default for the type.
public struct EventTableRowView: Codable, Sendable, Hashable, JSONWritable {
    public var type: String
    public var mode: String
    /// Only for `custom`.
    public var frequency: Int?
    /// Only for `custom`.
    public var periodHours: Int?
    public var isDefault: Bool

    public init(type: String, mode: String, frequency: Int?, periodHours: Int?, isDefault: Bool) {
        self.type = type
        self.mode = mode
        self.frequency = frequency
        self.periodHours = periodHours
        self.isDefault = isDefault
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        if let frequency { writer.member("frequency", frequency) }
        writer.member("isDefault", isDefault)
        writer.member("mode", mode)
        if let periodHours { writer.member("periodHours", periodHours) }
        writer.member("type", type)
        writer.endObject()
    }
}
