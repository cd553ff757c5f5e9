import CoreMetrics
import NIOCore
import NIOHTTPTypes

/// Closes an admin API connection that is too slow to send its request or that has sat idle
/// too long (issue 13, point 17: a client that never finished its request head kept its
/// connection, and its file descriptor, for ever).
///
/// HummingbirdCore's `idleTimeout` cannot do this alone: it waits the same time for a head that
/// has started as for one that has not, and a head still being sent is invisible to it (the
/// decoder passes nothing on until the head is complete). So the connection has three phases:
///
/// - **reading** a request: from the connection's opening (for its first request, so a TLS
///   handshake that never completes is cut too) or from the first byte of a later request, its
///   head and body must arrive within ``ConnectionTimeouts/read``;
/// - **responding**: no deadline, since the response is the server's to finish (an event feed
///   runs for hours);
/// - **idle** between requests: closed after ``ConnectionTimeouts/idle``.
///
/// It sits after the HTTP decoder (`HTTP1Channel.Configuration.additionalChannelHandlers`), so
/// it sees decoded request parts and the responses' ends; bytes that decode to nothing yet — a
/// head under way — show as a `channelReadComplete` without a part.
final class ConnectionDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private enum Phase {
        case opening, reading, responding, idle
    }

    private let timeouts: ConnectionTimeouts
    private var phase = Phase.opening
    private var readingRequest = false
    /// Requests whose head arrived and whose response has not ended yet.
    private var unanswered = 0
    private var partSinceReadComplete = false
    private var deadline: Scheduled<Void>?

    init(timeouts: ConnectionTimeouts) {
        self.timeouts = timeouts
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { startReading(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelDeadline()
    }

    func channelActive(context: ChannelHandlerContext) {
        startReading(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelDeadline()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        partSinceReadComplete = true
        switch unwrapInboundIn(data) {
        case .head:
            readingRequest = true
            unanswered += 1
            if phase != .reading { enter(.reading, context: context) }
        case .body:
            break
        case .end:
            readingRequest = false
            enter(unanswered > 0 ? .responding : .idle, context: context)
        }
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if phase == .idle, !partSinceReadComplete { enter(.reading, context: context) }
        partSinceReadComplete = false
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            unanswered = max(unanswered - 1, 0)
            if unanswered == 0, !readingRequest { enter(.idle, context: context) }
        }
        context.write(data, promise: promise)
    }

    private func startReading(context: ChannelHandlerContext) {
        guard phase == .opening else { return }
        enter(.reading, context: context)
    }

    private func enter(_ next: Phase, context: ChannelHandlerContext) {
        phase = next
        cancelDeadline()
        let timeout: TimeAmount
        let counter: Counter
        switch next {
        case .opening, .responding:
            return
        case .reading:
            timeout = timeouts.read
            counter = timeouts.readTimedOut
        case .idle:
            timeout = timeouts.idle
            counter = timeouts.idleTimedOut
        }
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            deadline = nil
            counter.increment()
            context.close(promise: nil)
        }
    }

    private func cancelDeadline() {
        deadline?.cancel()
        deadline = nil
    }
}

@available(*, unavailable)
extension ConnectionDeadlineHandler: Sendable {}
