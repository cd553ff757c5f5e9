/// A cache of a projection's fold up to `position` (architecture rule 1: only ever a cache).
public struct Snapshot: Sendable, Hashable {
    /// Which projection, e.g. `system-state`.
    public var kind: String
    /// The last event folded into `state`.
    public var position: Int64
    /// Version of the projection's encoding; a snapshot of another version is ignored.
    public var schema: Int
    /// The encoded state.
    public var state: [UInt8]

    public init(kind: String, position: Int64, schema: Int, state: [UInt8]) {
        self.kind = kind
        self.position = position
        self.schema = schema
        self.state = state
    }
}
