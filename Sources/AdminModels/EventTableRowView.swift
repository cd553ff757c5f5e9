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
    /// Set for a type that reaches every enabled local destination whatever this row says
    /// (Tab. 24); the row still filters the table's other destinations.
    public var unfilteredOnLocal: Bool?

    public init(type: String, mode: String, frequency: Int?, periodHours: Int?, isDefault: Bool, unfilteredOnLocal: Bool? = nil) {
        self.type = type
        self.mode = mode
        self.frequency = frequency
        self.periodHours = periodHours
        self.isDefault = isDefault
        self.unfilteredOnLocal = unfilteredOnLocal
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        if let frequency { writer.member("frequency", frequency) }
        writer.member("isDefault", isDefault)
        writer.member("mode", mode)
        if let periodHours { writer.member("periodHours", periodHours) }
        writer.member("type", type)
        if let unfilteredOnLocal { writer.member("unfilteredOnLocal", unfilteredOnLocal) }
        writer.endObject()
    }
}
