import Foundation

/// An event as an appender proposes it, before the log gives it position, version, time and hash.
public struct ProposedEvent: Sendable, Hashable {
    public var id: UUID
    public var stream: String
    public var type: String
    public var schema: Int
    public var actor: String
    public var source: String
    public var correlation: UUID?
    public var causation: UUID?
    /// Canonical JSON; the log stores it byte for byte and hashes it as stored.
    public var payload: String

    public init(
        id: UUID = .timeOrdered(), stream: String, type: String, schema: Int = 1,
        actor: String, source: String, correlation: UUID? = nil, causation: UUID? = nil,
        payload: String
    ) {
        self.id = id
        self.stream = stream
        self.type = type
        self.schema = schema
        self.actor = actor
        self.source = source
        self.correlation = correlation
        self.causation = causation
        self.payload = payload
    }
}
