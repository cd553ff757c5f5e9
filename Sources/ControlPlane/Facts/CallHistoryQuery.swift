import Domain

/// Which ended calls a page of the call history holds (`GET /api/v1/calls/history`).
public struct CallHistoryQuery: Sendable, Hashable {
    /// Inclusive lower bound of the time the end was recorded (microseconds since the epoch).
    public var since: Int64?
    /// Exclusive upper bound of the same.
    public var until: Int64?
    /// Only calls this user made or was called by (its call number).
    public var user: String?
    public var cause: CallEndCause?
    /// Only ends before this log position: the previous page's `next`.
    public var before: Int64?
    /// At most this many records, 1 to 1,000.
    public var limit: Int

    public init(since: Int64? = nil, until: Int64? = nil, user: String? = nil, cause: CallEndCause? = nil, before: Int64? = nil, limit: Int = 100) {
        self.since = since
        self.until = until
        self.user = user
        self.cause = cause
        self.before = before
        self.limit = limit
    }
}
