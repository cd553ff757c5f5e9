/// `GET /api/v1/system/capacity`: every limit of the one table in `Domain`.
public struct CapacityList: Codable, Sendable, Hashable, JSONWritable {
    public var limits: [CapacityLimitView]

    public init(limits: [CapacityLimitView]) {
        self.limits = limits
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("limits", limits)
        writer.endObject()
    }
}
