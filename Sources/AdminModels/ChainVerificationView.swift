/// `GET /api/v1/audit/verify`: the hash chain walked from the first event, either intact (how
/// many events, up to which head) or broken (the first position that fails, and why).
public struct ChainVerificationView: Codable, Sendable, Hashable, JSONWritable {
    public var intact: Bool
    public var verified: Int64?
    public var head: Int64?
    public var firstBroken: Int64?
    public var reason: String?

    public static func intact(verified: Int64, head: Int64) -> ChainVerificationView {
        ChainVerificationView(intact: true, verified: verified, head: head)
    }

    public static func broken(at position: Int64, reason: String) -> ChainVerificationView {
        ChainVerificationView(intact: false, firstBroken: position, reason: reason)
    }

    public init(intact: Bool, verified: Int64? = nil, head: Int64? = nil, firstBroken: Int64? = nil, reason: String? = nil) {
        self.intact = intact
        self.verified = verified
        self.head = head
        self.firstBroken = firstBroken
        self.reason = reason
    }

    /// Only the members of the verdict given: an intact chain has no broken position.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        if let firstBroken { writer.member("firstBroken", firstBroken) }
        if let head { writer.member("head", head) }
        writer.member("intact", intact)
        if let reason { writer.member("reason", reason) }
        if let verified { writer.member("verified", verified) }
        writer.endObject()
    }
}
