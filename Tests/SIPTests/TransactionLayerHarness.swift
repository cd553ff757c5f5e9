import NIOCore
import NIOEmbedded
import Synchronization

@testable import SIP

/// A transaction layer on an `EmbeddedEventLoop`, its flow to one phone an `EmbeddedChannel`:
/// what the layer writes is read back from the channel and parsed, responses and requests are
/// handed to the layer as the transports would, and time moves only when a test advances it.
struct TransactionLayerHarness {
    /// The TU: records what reaches it, answers nothing by itself.
    final class User: SIPTransactionUser {
        let requests = Mutex<[SIPServerTransaction]>([])
        let responses = Mutex<[SIPResponse]>([])
        let acks = Mutex<[SIPRequest]>([])
        let timeouts = Mutex<Int>(0)

        func received(_ request: SIPRequest, in transaction: SIPServerTransaction) { requests.withLock { $0.append(transaction) } }
        func received(_ response: SIPResponse, from peer: SIPPeer) { responses.withLock { $0.append(response) } }
        func receivedACK(_ ack: SIPRequest, from peer: SIPPeer) { acks.withLock { $0.append(ack) } }
        func acknowledgementTimedOut(_ transaction: SIPServerTransaction) { timeouts.withLock { $0 += 1 } }
    }

    /// The events one client transaction reported, in order.
    final class Events: Sendable {
        let recorded = Mutex<[SIPClientTransactionEvent]>([])

        var handler: @Sendable (SIPClientTransactionEvent) -> Void { { event in self.recorded.withLock { $0.append(event) } } }

        /// Each event as a word: the status of a response, `timedOut`, `transportError`.
        var summary: [String] {
            recorded.withLock { events in
                events.map {
                    switch $0 {
                    case .response(let response): String(response.status)
                    case .timedOut: "timedOut"
                    case .transportError: "transportError"
                    }
                }
            }
        }
    }

    static let phone = try! SocketAddress(ipAddress: "192.0.2.10", port: 5062)
    static let local = try! SocketAddress(ipAddress: "127.0.0.1", port: 5060)

    let loop = EmbeddedEventLoop()
    let channel: EmbeddedChannel
    let user = User()
    let layer: SIPServerTransactionLayer
    let peer: SIPPeer

    init(transport: SIPTransportProtocol = .udp) throws {
        channel = EmbeddedChannel(loop: loop)
        try channel.connect(to: Self.phone).wait()
        layer = SIPServerTransactionLayer(eventLoop: loop, user: user)
        peer = SIPPeer(transport: transport, remoteAddress: Self.phone, localAddress: Self.local, channel: channel)
    }

    var target: SIPTarget { SIPTarget(peer: peer) }

    /// Everything written since the last call, with the address each datagram went to (`nil`
    /// for a connection).
    func written() throws -> [(message: SIPMessage, to: SocketAddress?)] {
        var messages: [(SIPMessage, SocketAddress?)] = []
        switch peer.transport {
        case .udp:
            while let envelope = try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self) {
                messages.append((try SIPMessageParser().parse(datagram: envelope.data), envelope.remoteAddress))
            }
        case .tcp, .tls:
            while let buffer = try channel.readOutbound(as: ByteBuffer.self) {
                messages.append((try SIPMessageParser().parse(datagram: buffer), nil))
            }
        }
        return messages
    }

    /// The requests written since the last call.
    func sentRequests() throws -> [SIPRequest] {
        try written().compactMap { $0.message.request }
    }

    func deliver(_ response: SIPResponse) {
        layer.received(.response(response), from: peer)
    }

    func deliver(_ request: SIPRequest) {
        layer.received(.request(request), from: peer)
    }

    func advance(by duration: Duration) {
        let (seconds, attoseconds) = duration.components
        loop.advanceTime(by: .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000))
    }

    /// `request` as the B2BUA builds it: without a Via, which the layer adds.
    static func withoutVia(_ request: SIPRequest) -> SIPRequest {
        var copy = request
        copy.headers.remove(.via)
        return copy
    }
}
