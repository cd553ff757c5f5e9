import Domain
import EventLog

/// One event message on its way to a destination. `position` is the occurrence's log position:
/// a destination that sees the same position twice (a re-delivery after a crash) is looking at
/// the same message (architecture rule 3).
public struct EventMessageDelivery: Sendable, Hashable {
    public let position: Int64
    public let message: EventMessage
    /// The chain's state at `position`, authenticated with the log's key, for a remote
    /// destination to keep: the one witness of the head that cutting the local log cannot reach
    /// (issue 13, point 19). Nil for a test message and for a log without a key.
    public let witness: ChainWitness?

    public init(position: Int64, message: EventMessage, witness: ChainWitness? = nil) {
        self.position = position
        self.message = message
        self.witness = witness
    }

    /// The catalogue entry, for names and parameter meanings.
    public var eventType: EventType? { EventCatalogue.type(key: message.type) }
}
