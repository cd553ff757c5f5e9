import NIOCore

/// Handles what ``SIPMessageDecoder`` reads from a TCP or TLS connection: messages go on
/// (``SIPInbound``), a keep-alive ping is answered with one CRLF (RFC 5626 §4.4.1), and a framing
/// error — the stream is out of step — gets its 400 where the error allows and closes the
/// connection (§18.3).
final class SIPStreamHandler: ChannelInboundHandler {
    typealias InboundIn = SIPStreamEvent
    typealias OutboundOut = ByteBuffer

    let transport: SIPTransportProtocol
    let user: any SIPTransportUser

    init(transport: SIPTransportProtocol, user: any SIPTransportUser) {
        self.transport = transport
        self.user = user
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .message(let message): deliver(.success(message), context: context)
        case .malformed(let error): deliver(.failure(error), context: context)
        case .keepAlivePing: context.writeAndFlush(wrapOutboundOut(ByteBuffer(staticString: "\r\n")), promise: nil)
        case .keepAlivePong: break
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? SIPParseError { deliver(.failure(error), context: context) }
        context.close(promise: nil)
    }

    /// A connection without a remote address has already gone; nothing read on it can be answered.
    private func deliver(_ result: Result<SIPMessage, SIPParseError>, context: ChannelHandlerContext) {
        guard let remote = context.remoteAddress else { return }
        let peer = SIPPeer(transport: transport, remoteAddress: remote, localAddress: context.localAddress, channel: context.channel)
        SIPInbound.deliver(result, from: peer, to: user)
    }
}
