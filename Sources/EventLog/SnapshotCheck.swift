/// What a stored snapshot's binding to the chain says (issue 13, point 18): only a ``bound``
/// snapshot is ever loaded; every other one is refused and the projection replays the log.
public struct SnapshotCheck: Sendable, Hashable, CustomStringConvertible {
    public enum Verdict: String, Sendable, Hashable {
        /// Its MAC matches its content, and the log still holds the event it was taken on.
        case bound
        /// It has no MAC: taken before snapshots were bound to the chain.
        case unbound
        /// Its MAC does not match its kind, position, schema, event hash or state: edited, or
        /// written under another key.
        case forged
        /// Authentic, but its position is beyond the log's head: the log lost its tail.
        case aheadOfLog = "ahead_of_log"
        /// Authentic, but the log's event at its position has another hash: the log was
        /// rewritten beneath it.
        case detached
    }

    public var kind: String
    public var position: Int64
    public var schema: Int
    public var verdict: Verdict
    /// The log's head when it was checked.
    public var head: Int64

    public init(kind: String, position: Int64, schema: Int, verdict: Verdict, head: Int64) {
        self.kind = kind
        self.position = position
        self.schema = schema
        self.verdict = verdict
        self.head = head
    }

    /// Why a snapshot that is not bound is refused, in words.
    public var reason: String {
        switch verdict {
        case .bound: "bound to the chain"
        case .unbound: "unbound: it has no MAC (taken before snapshots were bound to the chain)"
        case .forged: "forged: its MAC does not match its content"
        case .aheadOfLog: "ahead of the log: position \(position) is beyond the head \(head)"
        case .detached: "detached: the log's event at position \(position) no longer has the hash the snapshot was taken on"
        }
    }

    public var description: String { "snapshot \(kind) schema \(schema) at position \(position): \(reason)" }
}
