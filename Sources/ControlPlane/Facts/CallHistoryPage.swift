import Domain

/// One page of the call history, newest end first.
public struct CallHistoryPage: Sendable, Hashable {
    public var records: [CallDetailRecord]
    /// The `before` of the next page, `nil` when the log holds no older end to look at. A page
    /// can hold fewer records than asked for and still have a next one: a filtered page stops
    /// after ``CallHistory/examinedPerPage`` ends so that no request walks the whole log.
    public var next: Int64?

    public init(records: [CallDetailRecord], next: Int64?) {
        self.records = records
        self.next = next
    }
}
