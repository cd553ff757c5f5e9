import NIOCore

/// Waits on a discovery channel for the receiver's Report. It alone completes `outcome`: with
/// the engine on the first matching Report (the receiver may answer a resend as well), or with
/// nil when the channel closes without one (the time-out closes it).
final class EngineDiscoveryHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let receiver: SocketAddress
    private let messageID: Int32
    private let outcome: EventLoopPromise<DiscoveredEngine?>
    private var completed = false

    init(receiver: SocketAddress, messageID: Int32, outcome: EventLoopPromise<DiscoveredEngine?>) {
        self.receiver = receiver
        self.messageID = messageID
        self.outcome = outcome
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard !completed, envelope.remoteAddress == receiver,
            let engine = EngineDiscoveryMessage.engine(inReport: Array(envelope.data.readableBytesView), answering: messageID)
        else { return }
        completed = true
        outcome.succeed(engine)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !completed {
            completed = true
            outcome.succeed(nil)
        }
        context.fireChannelInactive()
    }

    /// An ICMP error for an earlier datagram (nothing listens) must not end the wait: the
    /// time-out decides, as it does for net-snmp's own probe.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {}
}
