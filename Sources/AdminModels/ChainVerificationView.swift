/// `GET /api/v1/audit/verify`: the hash chain walked from the first event, either intact (how
/// many events, up to which head) or broken (the first position that fails, and why); and,
/// where the server holds the log's witnesses (issue 13, points 18 and 19), whether the tail was
/// cut (`truncated`, the head and the highest `witness` beyond it), which witnesses the log
/// contradicts, and each stored snapshot's binding. `clean` is false whenever any of these
/// shows tampering.
public struct ChainVerificationView: Codable, Sendable, Hashable, JSONWritable {
    public var intact: Bool
    public var verified: Int64?
    public var head: Int64?
    public var firstBroken: Int64?
    public var reason: String?
    public var clean: Bool?
    public var truncated: Bool?
    public var witness: Int64?
    public var witnessProblems: [String]?
    public var snapshots: [SnapshotCheckView]?

    public static func intact(verified: Int64, head: Int64) -> ChainVerificationView {
        ChainVerificationView(intact: true, verified: verified, head: head)
    }

    public static func broken(at position: Int64, reason: String) -> ChainVerificationView {
        ChainVerificationView(intact: false, firstBroken: position, reason: reason)
    }

    public init(
        intact: Bool, verified: Int64? = nil, head: Int64? = nil, firstBroken: Int64? = nil, reason: String? = nil,
        clean: Bool? = nil, truncated: Bool? = nil, witness: Int64? = nil, witnessProblems: [String]? = nil,
        snapshots: [SnapshotCheckView]? = nil
    ) {
        self.intact = intact
        self.verified = verified
        self.head = head
        self.firstBroken = firstBroken
        self.reason = reason
        self.clean = clean
        self.truncated = truncated
        self.witness = witness
        self.witnessProblems = witnessProblems
        self.snapshots = snapshots
    }

    /// Only the members of the verdict given: an intact chain has no broken position.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        if let clean { writer.member("clean", clean) }
        if let firstBroken { writer.member("firstBroken", firstBroken) }
        if let head { writer.member("head", head) }
        writer.member("intact", intact)
        if let reason { writer.member("reason", reason) }
        if let snapshots { writer.member("snapshots", snapshots) }
        if let truncated { writer.member("truncated", truncated) }
        if let verified { writer.member("verified", verified) }
        if let witness { writer.member("witness", witness) }
        if let witnessProblems { writer.member("witnessProblems", witnessProblems) }
        writer.endObject()
    }
}
