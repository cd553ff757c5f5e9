import NIOCore

/// Reads one SIP message per UDP datagram (RFC 3261 §18.3) and hands it on (``SIPInbound``).
final class SIPDatagramHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    let parser: SIPMessageParser
    let user: any SIPTransportUser
    /// The socket's own address, asked once: NIO answers `localAddress` with a `getsockname`
    /// call each time, and a bound datagram socket's address does not change.
    private var localAddress: SocketAddress?

    init(parser: SIPMessageParser, user: any SIPTransportUser) {
        self.parser = parser
        self.user = user
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        if localAddress == nil { localAddress = context.localAddress }
        let peer = SIPPeer(transport: .udp, remoteAddress: envelope.remoteAddress, localAddress: localAddress, channel: context.channel)
        let result = Result { () throws(SIPParseError) in try parser.parse(datagram: envelope.data) }
        SIPInbound.deliver(result, from: peer, to: user)
    }

    /// A datagram socket outlives a peer's ICMP errors (port unreachable after it went away):
    /// they say nothing about the next datagram.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {}
}
