/// `a=rtcp:<port> [<nettype> <addrtype> <connection-address>]` (RFC 3605 §2.1): where RTCP goes
/// when it is not the RTP port plus one, which NATs and relays make common.
public struct SDPRTCP: Sendable, Hashable {
    public var port: UInt16
    /// The optional address part, kept as text.
    public var address: String?

    public init(port: UInt16, address: String? = nil) {
        self.port = port
        self.address = address
    }
}
