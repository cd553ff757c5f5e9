import NIOCore

/// The other end of one received message and the way back to it: the datagram socket it came
/// in on, or its connection (RFC 3261 §18.2.2: a response goes back over the connection the
/// request arrived on; on UDP to the address the top Via names, ``SIPResponseRouting``).
public struct SIPPeer: Sendable, CustomStringConvertible {
    public let transport: SIPTransportProtocol
    /// The source address of the datagram or the connection.
    public let remoteAddress: SocketAddress
    /// The local address it arrived on: the listener's (for Via and Contact of what is sent).
    public let localAddress: SocketAddress?
    let channel: any Channel

    init(transport: SIPTransportProtocol, remoteAddress: SocketAddress, localAddress: SocketAddress?, channel: any Channel) {
        self.transport = transport
        self.remoteAddress = remoteAddress
        self.localAddress = localAddress
        self.channel = channel
    }

    /// Sends a response where §18.2.2 says: over the connection on TCP and TLS, to the top
    /// Via's `received`/`rport` address on UDP.
    public func send(_ response: SIPResponse) {
        switch transport {
        case .udp: send(.response(response), to: SIPResponseRouting.destination(of: response, source: remoteAddress))
        case .tcp, .tls: write(.response(response))
        }
    }

    /// Sends a request back to this peer: over the connection, or as a datagram to the source
    /// address (RFC 3581's symmetric routing, which is how a phone behind NAT is reached).
    public func send(_ request: SIPRequest) {
        switch transport {
        case .udp: send(.request(request), to: remoteAddress)
        case .tcp, .tls: write(.request(request))
        }
    }

    /// Sends a message as a datagram from this listener's socket to `address`.
    /// - Precondition: the peer came over UDP.
    public func send(_ message: SIPMessage, to address: SocketAddress) {
        precondition(transport == .udp, "only a datagram socket sends to an address of its choice")
        channel.writeAndFlush(AddressedEnvelope(remoteAddress: address, data: message.serialized()), promise: nil)
    }

    private func write(_ message: SIPMessage) {
        channel.writeAndFlush(message.serialized(), promise: nil)
    }

    /// Sends a message over this flow — as a datagram to `address` (the source address when
    /// `nil`) on UDP, over the connection on TCP and TLS — and completes `promise` with the
    /// write's outcome: a client transaction learns of its transport error that way (§17.1.4).
    func write(_ message: SIPMessage, to address: SocketAddress?, promise: EventLoopPromise<Void>?) {
        switch transport {
        case .udp: channel.writeAndFlush(AddressedEnvelope(remoteAddress: address ?? remoteAddress, data: message.serialized()), promise: promise)
        case .tcp, .tls: channel.writeAndFlush(message.serialized(), promise: promise)
        }
    }

    /// Completes when the connection closes (never, for a UDP listener, until the server stops):
    /// what relies on the flow — a registration the provider reaches the system by — starts over.
    public var closed: EventLoopFuture<Void> { channel.closeFuture }

    /// Whether `other` is the same flow: the same connection, or the same datagram socket.
    public func sharesFlow(with other: SIPPeer) -> Bool { channel === other.channel }

    public var description: String { "\(transport):\(remoteAddress)" }
}
