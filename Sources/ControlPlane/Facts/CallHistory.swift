import Domain
import EventLog

/// The ended calls, read from the log itself (issue 15, point 8: "call history from the log"):
/// every `call.ended`, newest first, joined with its call's `call.started` and `call.answered`
/// into a ``CallDetailRecord``. No projection keeps them: the log is the history, and the
/// `(type, rowid)` and `(stream, version)` indexes make a page cost about one index walk plus
/// one stream read per record.
public struct CallHistory: Sendable {
    /// How many ends one filtered page looks at before it answers with what it found and a
    /// cursor: a user who made one call in a year must not make a request read the year.
    public static let examinedPerPage = 10_000

    private let log: EventLog

    public init(log: EventLog) {
        self.log = log
    }

    public func page(_ query: CallHistoryQuery) throws -> CallHistoryPage {
        guard query.limit > 0 else { return CallHistoryPage(records: [], next: query.before) }
        let filtered = query.user != nil || query.cause != nil
        var records: [CallDetailRecord] = []
        var before = query.before
        var examined = 0
        while true {
            let chunk = filtered ? 256 : query.limit - records.count
            let ends = try log.readNewestFirst(type: CallFact.endedType, before: before, since: query.since, until: query.until, limit: chunk)
            for envelope in ends {
                examined += 1
                before = envelope.position
                guard case .ended(let end)? = try CallFact.decode(type: envelope.type, payload: envelope.payload) else { continue }
                if let cause = query.cause, end.cause != cause { continue }
                let stream = try log.read(after: 0, limit: 8, filter: EventFilter(stream: CallFact.stream(of: end.callID)))
                let facts = try stream.compactMap { try CallFact.decode(type: $0.type, payload: $0.payload) }
                let record = CallDetailRecord(facts: facts, end: end, position: envelope.position)
                if let user = query.user, !record.involves(user: user) { continue }
                records.append(record)
                if records.count == query.limit || examined >= Self.examinedPerPage {
                    return CallHistoryPage(records: records, next: envelope.position)
                }
            }
            if ends.count < chunk { return CallHistoryPage(records: records, next: nil) }
            if examined >= Self.examinedPerPage { return CallHistoryPage(records: records, next: before) }
        }
    }
}
