import EventLog
import Foundation

/// The configuration events of the first slice. Each has a stream, a type string with a
/// schema, and a canonical JSON payload (sorted keys) that the log stores and hashes.
///
/// Records carry the whole new value (not a diff) so `apply` is a plain assignment and replay
/// cannot drift.
public enum DomainEvent: Sendable, Hashable {
    /// `system.identity.set`, stream `system`.
    case systemIdentitySet(SystemIdentity)
    /// `user.created`, stream `user/<number>`.
    case userCreated(User)
    /// `user.updated`, stream `user/<number>`.
    case userUpdated(User)
    /// `user.deleted`, stream `user/<number>`.
    case userDeleted(number: String)
    /// `terminal.created`, stream `terminal/<id>`.
    case terminalCreated(Terminal)
    /// `terminal.updated`, stream `terminal/<id>`.
    case terminalUpdated(Terminal)
    /// `terminal.deleted`, stream `terminal/<id>`.
    case terminalDeleted(id: Int)

    public var stream: String { fatalError("unimplemented") }
    public var type: String { fatalError("unimplemented") }
    public var schema: Int { fatalError("unimplemented") }

    /// Canonical JSON: sorted keys, no white space, absent optionals omitted.
    public func canonicalPayload() -> String { fatalError("unimplemented") }

    /// Decodes a stored event. Returns `nil` for a type that is not a domain event (other
    /// modules' events share the log); throws for a domain type whose payload is malformed.
    public static func decode(type: String, schema: Int, payload: String) throws -> DomainEvent? {
        fatalError("unimplemented")
    }

    /// The replay fast path over raw bytes (same rules as the String form).
    public static func decode(_ row: borrowing RawEventRow) throws -> DomainEvent? {
        fatalError("unimplemented")
    }

    /// Wraps the event for appending.
    public func proposed(actor: String, source: String, id: UUID = UUID(), correlation: UUID? = nil, causation: UUID? = nil) -> ProposedEvent {
        ProposedEvent(id: id, stream: stream, type: type, schema: schema, actor: actor, source: source,
                      correlation: correlation, causation: causation, payload: canonicalPayload())
    }
}
