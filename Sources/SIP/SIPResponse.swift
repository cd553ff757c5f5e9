import NIOCore

/// A SIP response (RFC 3261 §7.2): `SIP-Version SP Status-Code SP Reason-Phrase`, header fields
/// and a body.
public struct SIPResponse: Sendable, Hashable {
    /// §7.2, §21: three digits, 100–699.
    public static let statusCodes: ClosedRange<Int> = 100...699

    public var version: SIPVersion
    /// Always within ``statusCodes``: the parser refuses any other, and ``init(status:reason:version:headers:body:)``
    /// requires it.
    public private(set) var status: Int
    /// UTF-8 text (§25.1 Reason-Phrase); may be empty (RFC 4475 §3.1.1.13).
    public var reason: String
    public var headers: SIPHeaders
    public var body: ByteBuffer

    /// - Precondition: `status` is within ``statusCodes`` and `reason` holds no CR or LF.
    public init(status: Int, reason: String, version: SIPVersion = .sip2, headers: SIPHeaders = [:], body: ByteBuffer = ByteBuffer()) {
        precondition(SIPResponse.statusCodes.contains(status), "a SIP status code is 100–699 (RFC 3261 §7.2)")
        precondition(!reason.utf8.contains(.cr) && !reason.utf8.contains(.lf), "a Reason-Phrase is one line (RFC 3261 §7.2)")
        self.version = version
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
    }

    /// 1xx: the transaction goes on (§7.2).
    public var isProvisional: Bool { status < 200 }
}
