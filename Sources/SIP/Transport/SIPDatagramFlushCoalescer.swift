import NIOCore

/// Holds back the flushes of what is written while a burst of datagrams is being read, and
/// flushes once when the burst ends, so the answers to one burst leave in one `sendmmsg` (NIO
/// sends several flushed datagrams with one system call) instead of a `sendmsg` each — a
/// seventh of the SIP loop's time went into those calls at 700 calls/s.
///
/// Only writes made while the burst is handed up are held, and only until NIO reports the
/// burst read (`channelReadComplete`, after at most the listener's `maxMessagesPerRead`
/// datagrams); everything else — timers, writes from other threads — is flushed at once.
final class SIPDatagramFlushCoalescer: ChannelDuplexHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias InboundOut = AddressedEnvelope<ByteBuffer>
    typealias OutboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private var isReading = false
    private var isFlushHeld = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        isReading = true
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        isReading = false
        if isFlushHeld {
            isFlushHeld = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    func flush(context: ChannelHandlerContext) {
        if isReading {
            isFlushHeld = true
        } else {
            context.flush()
        }
    }

    /// A read that failed part-way (an ICMP error reported on the socket) still ends with
    /// `channelReadComplete`; flushing here too means nothing is held should it not.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        isReading = false
        if isFlushHeld {
            isFlushHeld = false
            context.flush()
        }
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        isReading = false
        isFlushHeld = false
        context.fireChannelInactive()
    }
}
