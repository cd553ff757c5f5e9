/// One ended call as a CDR reader wants it: the call's `call.started`, `call.answered` and
/// `call.ended` joined, and where its end stands in the log (the history's paging cursor).
public struct CallDetailRecord: Sendable, Hashable {
    /// `nil` only when the log holds an end without its start (never written so by the recorder).
    public var start: CallStart?
    public var answer: CallAnswer?
    public var end: CallEnd
    /// The log position of `call.ended`.
    public var position: Int64

    public init(start: CallStart?, answer: CallAnswer?, end: CallEnd, position: Int64) {
        self.start = start
        self.answer = answer
        self.end = end
        self.position = position
    }

    /// Joins the facts of one call's stream (in log order) with its end; the first start and
    /// the first answer count, as in ``ActiveCalls``.
    public init(facts: [CallFact], end: CallEnd, position: Int64) {
        var start: CallStart?
        var answer: CallAnswer?
        for fact in facts {
            switch fact {
            case .started(let value) where start == nil: start = value
            case .answered(let value) where answer == nil: answer = value
            default: break
            }
        }
        self.init(start: start, answer: answer, end: end, position: position)
    }

    /// Whether `user` made the call or was called.
    public func involves(user: String) -> Bool {
        start?.caller == user || start?.callee == user
    }
}
