/// `GET /api/v1/calls/history`: one page of ended calls, newest end first.
public struct CallHistoryView: Codable, Sendable, Hashable, JSONWritable {
    public var calls: [CallRecordView]
    /// The `before` of the next page, `null` at the oldest end. A filtered page may hold fewer
    /// calls than `limit` and still have a next one.
    public var next: Int64?

    public init(calls: [CallRecordView], next: Int64?) {
        self.calls = calls
        self.next = next
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("calls", calls)
        writer.member("next", next)
        writer.endObject()
    }
}
