import NIOCore

/// The handler of one relay socket: hands each datagram to the call's ``RelaySession/Forwarding``
/// and flushes what it wrote once the read burst is over.
final class RelaySocketHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let forwarding: RelaySession.Forwarding
    private let side: RelaySide
    private let stream: Int
    private let rtcp: Bool

    init(forwarding: RelaySession.Forwarding, side: RelaySide, stream: Int, rtcp: Bool) {
        self.forwarding = forwarding
        self.side = side
        self.stream = stream
        self.rtcp = rtcp
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        forwarding.received(unwrapInboundIn(data), side: side, stream: stream, rtcp: rtcp)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        forwarding.flush()
    }

    /// An ICMP port unreachable from a phone that went away surfaces as a read error on a
    /// connected-less UDP socket; it must not close the socket the call still uses.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {}
}
