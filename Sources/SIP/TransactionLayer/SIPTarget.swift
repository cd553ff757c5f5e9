import NIOCore

/// Where a client transaction sends its request (RFC 3261 §18.1.1): the flow a registered phone
/// is reached by — its connection on TCP and TLS, the listener's datagram socket on UDP — and,
/// on UDP, the address to send to.
///
/// The flow is the phone's own (RFC 5626 §5.3, RFC 3581 §4: a phone behind NAT is reached where
/// its REGISTER came from), so the callee is reached through the ``SIPPeer`` its binding was made
/// with rather than by resolving its Contact (RFC 3263).
public struct SIPTarget: Sendable, CustomStringConvertible {
    public let peer: SIPPeer
    /// On UDP, where the datagrams go; `nil` means the peer's ``SIPPeer/remoteAddress``. A
    /// connection has one address only and ignores it.
    public let address: SocketAddress?

    public init(peer: SIPPeer, address: SocketAddress? = nil) {
        self.peer = peer
        self.address = address
    }

    /// The address a datagram goes to, or the connection's remote end.
    public var destination: SocketAddress { address ?? peer.remoteAddress }

    public var description: String { "\(peer.transport):\(destination)" }
}
