import NIOCore
import NIOTLS

/// Handles what ``SIPMessageDecoder`` reads from a TCP or TLS connection: messages go on
/// (``SIPInbound``), a keep-alive ping is answered with one CRLF (RFC 5626 §4.4.1), and a framing
/// error — the stream is out of step — gets its 400 where the error allows and closes the
/// connection (§18.3).
///
/// On a connection the server opened itself (``SIPOutboundConnections``) it also says when the
/// flow is ready — connected, and for TLS the handshake done, so a certificate the server refuses
/// is reported as such rather than as a write that failed — and sends the client's keep-alive
/// pings.
final class SIPStreamHandler: ChannelInboundHandler {
    typealias InboundIn = SIPStreamEvent
    typealias OutboundOut = ByteBuffer

    /// What a connection the server opened needs beyond reading.
    struct Outbound {
        /// Completed once the flow can carry requests, failed with what ended it before.
        var ready: EventLoopPromise<Void>
        /// Between two double-CRLF pings (RFC 5626 §4.4.1).
        var keepAlive: TimeAmount
    }

    let transport: SIPTransportProtocol
    let user: any SIPTransportUser
    private let outbound: Outbound?
    private var pings: RepeatedTask?

    init(transport: SIPTransportProtocol, user: any SIPTransportUser, outbound: Outbound? = nil) {
        self.transport = transport
        self.user = user
        self.outbound = outbound
    }

    func channelActive(context: ChannelHandlerContext) {
        if let outbound {
            if transport == .tcp { outbound.ready.succeed() }
            let channel = context.channel
            pings = context.eventLoop.scheduleRepeatedTask(initialDelay: outbound.keepAlive, delay: outbound.keepAlive) { _ in
                channel.writeAndFlush(ByteBuffer(staticString: "\r\n\r\n"), promise: nil)
            }
        }
        context.fireChannelActive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event { outbound?.ready.succeed() }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        pings?.cancel()
        outbound?.ready.fail(ChannelError.eof)
        context.fireChannelInactive()
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
        outbound?.ready.fail(error)
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
