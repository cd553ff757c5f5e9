/// Why the server refuses administrative writes: what the integrity check found, and when
/// (issue 13, point 19). It lasts until an administrator acknowledges it.
public struct IntegritySuspicion: Sendable, Hashable {
    /// The first thing wrong, e.g. `truncated: head 40, witness 45 (witness file)`.
    public var finding: String
    /// The log's head when it was found.
    public var head: Int64
    /// When it was found (µs since the epoch, the server's clock).
    public var detectedAt: Int64

    public init(finding: String, head: Int64, detectedAt: Int64) {
        self.finding = finding
        self.head = head
        self.detectedAt = detectedAt
    }
}
