import NIOCore
import NIOTLS

/// Completes `handshake` when the TLS handshake is done, or fails it with whatever ended the
/// channel first (a certificate that does not verify, a peer that hangs up).
///
/// NIOSSL buffers writes until the handshake completes and fails them only with a generic
/// close; waiting for the handshake itself lets a connect report *why* a collector was
/// refused, which is what an administrator reads in the destination's status.
final class TLSHandshakeWatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private let handshake: EventLoopPromise<Void>

    init(handshake: EventLoopPromise<Void>) {
        self.handshake = handshake
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event {
            handshake.succeed()
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        handshake.fail(error)
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        handshake.fail(ChannelError.eof)
        context.fireChannelInactive()
    }
}
