import Domain

/// One event message on its way to a destination. `position` is the occurrence's log position:
/// a destination that sees the same position twice (a re-delivery after a crash) is looking at
/// the same message (architecture rule 3).
public struct EventMessageDelivery: Sendable, Hashable {
    public let position: Int64
    public let message: EventMessage

    public init(position: Int64, message: EventMessage) {
        self.position = position
        self.message = message
    }

    /// The catalogue entry, for names and parameter meanings.
    public var eventType: EventType? { EventCatalogue.type(key: message.type) }
}
