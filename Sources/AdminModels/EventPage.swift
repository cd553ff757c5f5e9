/// A page of the log (`GET /api/v1/events`, `GET /api/v1/audit`): the events, the head when
/// the page was read, and the position to continue after (null on the last page).
public struct EventPage: Codable, Sendable, Hashable {
    public var events: [EventView]
    public var head: Int64
    public var next: Int64?
}
