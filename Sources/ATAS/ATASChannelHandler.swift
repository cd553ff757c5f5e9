import NIOCore

/// Hands a connection's lines, in order, to the task that serves it, and tells it when the
/// connection has ended or its stream broke (a line too long, a failed TLS handshake).
final class ATASChannelHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer

    enum Inbound: Sendable {
        case line([UInt8])
        case lineTooLong
    }

    let inbound: AsyncStream<Inbound>.Continuation

    init(inbound: AsyncStream<Inbound>.Continuation) {
        self.inbound = inbound
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let line = unwrapInboundIn(data)
        inbound.yield(.line(Array(line.readableBytesView)))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is ATASLineDecoder.LineTooLong {
            inbound.yield(.lineTooLong)
        } else {
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        inbound.finish()
        context.fireChannelInactive()
    }
}
