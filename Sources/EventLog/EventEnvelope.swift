import Foundation

/// One recorded event: the envelope of docs/architecture.md ("The event envelope").
///
/// The log assigns `position`, `version`, `at` and `hash` when the event becomes durable; an
/// appender proposes the rest as a ``ProposedEvent``.
public struct EventEnvelope: Sendable, Hashable {
    /// Global order, 1, 2, 3 … without gaps.
    public var position: Int64
    /// Appending an id that exists returns the original position, so client retries are safe.
    public var id: UUID
    /// e.g. `user/101`, `terminal/7`, `system`.
    public var stream: String
    /// Per-stream version, 1, 2, 3 …; the basis of optimistic concurrency.
    public var version: Int64
    /// e.g. `user.created`.
    public var type: String
    /// Payload schema of `type`; older schemas are upcast when read.
    public var schema: Int
    /// Microseconds since the Unix epoch, from the injected ``WallClock``.
    public var at: Int64
    /// Who caused it: an account name, `sip:201`, `system`, `srm:<technician>`.
    public var actor: String
    /// From where: an address and interface, e.g. `127.0.0.1/http`.
    public var source: String
    public var correlation: UUID?
    public var causation: UUID?
    /// Canonical JSON (sorted keys, no insignificant white space).
    public var payload: String
    /// SHA-256 over the previous event's hash and this envelope (see ``EventChain``).
    public var hash: [UInt8]

    public init(
        position: Int64, id: UUID, stream: String, version: Int64, type: String, schema: Int,
        at: Int64, actor: String, source: String, correlation: UUID?, causation: UUID?,
        payload: String, hash: [UInt8]
    ) {
        self.position = position
        self.id = id
        self.stream = stream
        self.version = version
        self.type = type
        self.schema = schema
        self.at = at
        self.actor = actor
        self.source = source
        self.correlation = correlation
        self.causation = causation
        self.payload = payload
        self.hash = hash
    }

    /// The hash as lowercase hexadecimal, as the API and CLI show it.
    public var hashHex: String { Hexadecimal.lowercase(hash) }
}
