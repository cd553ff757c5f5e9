/// The verdict on the whole log (issue 13, points 18 and 19): its chain, whether it lost its
/// tail, whether its witnesses still agree with it, and each stored snapshot's binding.
public struct IntegrityReport: Sendable, Hashable, CustomStringConvertible {
    /// The chain walk (from the first event, or from the verified mark at start-up).
    public var chain: ChainVerification
    /// The head the checks ran against.
    public var head: Int64
    /// The head as an authenticated witness: what the verified mark and the witness file move to
    /// once the report is sound.
    public var headWitness: ChainWitness
    /// The highest authentic witness beyond the head, when there is one: the tail was cut.
    public var truncation: Truncation?
    /// Authentic witnesses the log contradicts, and witnesses that are not authentic.
    public var witnessProblems: [String]
    /// Every stored snapshot, oldest kind first.
    public var snapshots: [SnapshotCheck]

    public struct Truncation: Sendable, Hashable {
        public var head: Int64
        public var witness: Int64
        /// Which witness: `verified mark`, `witness file`, `snapshot system-state`.
        public var source: String
    }

    public init(
        chain: ChainVerification, head: Int64, headWitness: ChainWitness, truncation: Truncation?, witnessProblems: [String],
        snapshots: [SnapshotCheck]
    ) {
        self.chain = chain
        self.head = head
        self.headWitness = headWitness
        self.truncation = truncation
        self.witnessProblems = witnessProblems
        self.snapshots = snapshots
    }

    /// The log can be trusted as it is: an intact chain, no cut tail, no contradicted witness.
    /// A refused snapshot alone does not make it unsound — replay rebuilds the state from the
    /// log — but ``isClean`` counts it.
    public var isSound: Bool {
        if case .broken = chain { return false }
        return truncation == nil && witnessProblems.isEmpty
    }

    /// Sound, and no snapshot is forged, ahead of the log or detached (an unbound one is only
    /// old). `events verify` exits 1 when this is false.
    public var isClean: Bool {
        isSound && snapshots.allSatisfy { $0.verdict == .bound || $0.verdict == .unbound }
    }

    /// The first thing wrong, for an event message and a log line; `nil` when sound.
    public var finding: String? {
        if case let .broken(position, reason) = chain { return "chain broken at position \(position): \(reason)" }
        if let truncation { return "truncated: head \(truncation.head), witness \(truncation.witness) (\(truncation.source))" }
        return witnessProblems.first
    }

    public var description: String {
        var lines = [chain.description]
        if let truncation { lines.append("truncated: head \(truncation.head), witness \(truncation.witness) (\(truncation.source))") }
        lines += witnessProblems.map { "witness: \($0)" }
        lines += snapshots.map(\.description)
        return lines.joined(separator: "\n")
    }
}
