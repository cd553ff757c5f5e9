import HummingbirdCore
import Logging
import NIOCore

/// An admin API child channel with a ``ConnectionLimitHandler`` in front of its base's
/// handlers (TLS, HTTP/1), so the limit holds for plain HTTP and HTTPS alike (issue 13,
/// point 17).
struct ConnectionLimitedChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    let limit: ConnectionLimit

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(ConnectionLimitHandler(limit: limit, logger: logger))
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
