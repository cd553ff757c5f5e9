/// `GET /api/v1/calls`: the calls in progress, oldest first, and the totals since the first start.
public struct ActiveCallList: Codable, Sendable, Hashable, JSONWritable {
    public var calls: [ActiveCallView]
    public var startedTotal: Int64
    public var answeredTotal: Int64
    public var endedTotal: Int64

    public init(calls: [ActiveCallView], startedTotal: Int64, answeredTotal: Int64, endedTotal: Int64) {
        self.calls = calls
        self.startedTotal = startedTotal
        self.answeredTotal = answeredTotal
        self.endedTotal = endedTotal
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("answeredTotal", answeredTotal)
        writer.member("calls", calls)
        writer.member("endedTotal", endedTotal)
        writer.member("startedTotal", startedTotal)
        writer.endObject()
    }
}
