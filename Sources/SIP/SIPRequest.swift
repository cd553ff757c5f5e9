import NIOCore

/// A SIP request (RFC 3261 §7.1): `Method SP Request-URI SP SIP-Version`, header fields and a
/// body. The body is a buffer of its own, not a slice of the one it arrived in (see
/// ``SIPMessageParser``).
public struct SIPRequest: Sendable, Hashable {
    public var method: SIPMethod
    public var uri: SIPAddrSpec
    public var version: SIPVersion
    public var headers: SIPHeaders
    public var body: ByteBuffer

    public init(method: SIPMethod, uri: SIPAddrSpec, version: SIPVersion = .sip2, headers: SIPHeaders = [:], body: ByteBuffer = ByteBuffer()) {
        self.method = method
        self.uri = uri
        self.version = version
        self.headers = headers
        self.body = body
    }
}
