import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// A syslog collector inside the test, on 127.0.0.1: keeps every datagram, and for a stream
/// every byte of each connection, exactly as received, so tests can check the framing too.
final class SyslogListener: Sendable {
    struct Received: Sendable {
        var datagrams: [String] = []
        /// One entry per accepted connection, in accept order.
        var streams: [[UInt8]] = []
        var closedConnections = 0
        fileprivate var children: [any Channel] = []
    }

    final class Store: Sendable {
        let received = Mutex(Received())

        fileprivate func accept(_ channel: any Channel) -> Int {
            received.withLock {
                $0.children.append(channel)
                $0.streams.append([])
                return $0.streams.count - 1
            }
        }
    }

    let port: Int
    private let channel: any Channel
    private let store: Store

    private init(port: Int, channel: any Channel, store: Store) {
        self.port = port
        self.channel = channel
        self.store = store
    }

    var received: Received { store.received.withLock { $0 } }

    static func udp() async throws -> SyslogListener {
        let store = Store()
        let channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(DatagramRecorder(store: store))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return SyslogListener(port: channel.localAddress!.port!, channel: channel, store: store)
    }

    /// TCP, or TLS with `certificate` and `key`; `port` 0 picks a free one, another port binds
    /// again where an earlier listener was.
    static func stream(certificate: String? = nil, key: String? = nil, port: Int = 0) async throws -> SyslogListener {
        var tls: NIOSSLContext?
        if let certificate, let key {
            let configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
            tls = try NIOSSLContext(configuration: configuration)
        }
        let store = Store()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [tls] child in
                child.eventLoop.makeCompletedFuture {
                    let index = store.accept(child)
                    if let tls { try child.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try child.pipeline.syncOperations.addHandler(StreamRecorder(store: store, index: index))
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
        return SyslogListener(port: channel.localAddress!.port!, channel: channel, store: store)
    }

    /// Hangs up on every sender, as a restarting collector does.
    func closeConnections() async {
        for child in store.received.withLock({ $0.children }) { try? await child.close() }
    }

    func close() async {
        await closeConnections()
        try? await channel.close()
    }

    /// Waits until `condition` holds (or 10 s pass) and returns what was received by then.
    func received(when condition: (Received) -> Bool) async -> Received {
        _ = await eventually { condition(received) }
        return received
    }
}

private final class DatagramRecorder: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    let store: SyslogListener.Store

    init(store: SyslogListener.Store) { self.store = store }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let text = String(buffer: unwrapInboundIn(data).data)
        store.received.withLock { $0.datagrams.append(text) }
    }
}

private final class StreamRecorder: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    let store: SyslogListener.Store
    let index: Int

    init(store: SyslogListener.Store, index: Int) {
        self.store = store
        self.index = index
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = Array(buffer: unwrapInboundIn(data))
        store.received.withLock { $0.streams[index].append(contentsOf: bytes) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        store.received.withLock { $0.closedConnections += 1 }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
