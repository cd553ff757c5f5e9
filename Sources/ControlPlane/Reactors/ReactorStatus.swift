/// One line of the reactor registry, as `GET /api/v1/reactors` and `callplane reactors list`
/// show it.
public struct ReactorStatus: Sendable, Hashable {
    public enum Kind: String, Sendable {
        /// Has a cursor of its own, moved by ``ReactorRegistry/moveAll(to:)``.
        case reactor
        /// A fold of the log (its position is a snapshot's, not a cursor): listed for its lag,
        /// never moved, because a projection that skipped events would be wrong.
        case projection
    }

    public enum State: Sendable, Hashable {
        case running
        /// Stopped for good with this reason (a cursor that could not be read or saved).
        case stopped(String)
    }

    public var name: String
    public var kind: Kind
    /// The last position handled (a reactor) or folded in (a projection).
    public var position: Int64
    /// The log's head minus `position`.
    public var lag: Int64
    public var state: State
}
