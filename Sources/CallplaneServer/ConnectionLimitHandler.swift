import Logging
import NIOCore

/// The first handler of every admin API connection: takes a place in the ``ConnectionLimit``
/// when the connection becomes active and gives it back when it closes; a connection that gets
/// no place is closed before any other handler — TLS included — spends work on it (issue 13,
/// point 17).
final class ConnectionLimitHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private let limit: ConnectionLimit
    private let logger: Logger
    private var decided = false
    private var admitted = false

    init(limit: ConnectionLimit, logger: Logger) {
        self.limit = limit
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { decide(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        // Passed on even when refused: the handlers behind may rely on an inactive channel
        // having been active first.
        context.fireChannelActive()
        decide(context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if admitted {
            admitted = false
            limit.release()
        }
        context.fireChannelInactive()
    }

    private func decide(context: ChannelHandlerContext) {
        guard !decided else { return }
        decided = true
        admitted = limit.admit()
        guard !admitted else { return }
        if let refused = limit.noteRefusal() {
            logger.warning(
                "admin API connections refused: the connection limit is reached (one such line a minute at most)",
                metadata: [
                    "refused_since_last_line": "\(refused)", "limit": "\(limit.maximum)",
                    "setting": "\(ServerSettings.Key.httpMaxConnections)",
                    "peer": "\(context.channel.remoteAddress?.description ?? "?")",
                ])
        }
        context.close(promise: nil)
    }
}

@available(*, unavailable)
extension ConnectionLimitHandler: Sendable {}
