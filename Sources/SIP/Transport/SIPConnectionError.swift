import NIOCore

/// A connection the server could not open to a SIP peer: refused, timed out, or a TLS peer whose
/// certificate did not verify — said in words an administrator can act on.
public struct SIPConnectionError: Error, Sendable, CustomStringConvertible {
    public var remote: SocketAddress
    public var transport: SIPTransportProtocol
    public var reason: String

    public init(remote: SocketAddress, transport: SIPTransportProtocol, reason: String) {
        self.remote = remote
        self.transport = transport
        self.reason = reason
    }

    public var description: String { "\(transport.viaToken) connection to \(remote) failed: \(reason)" }
}
