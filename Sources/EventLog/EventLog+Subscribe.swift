extension EventLog {
    /// Catches up from `after` and then follows live appends, with no gap and no duplicate,
    /// even while appends race with the switch from catch-up to live.
    ///
    /// Filters are applied in SQL on every page, so a narrow subscription does not drag the
    /// whole log into memory. On a read-only log it catches up to the head seen at open and
    /// then waits until close.
    public func subscribe(after: Int64 = 0, filter: EventFilter = .all) -> EventSubscription {
        EventSubscription(log: self, after: after, filter: filter)
    }

    /// Live subscriptions at this moment.
    public var subscriberCount: Int { live.subscribers }
}
