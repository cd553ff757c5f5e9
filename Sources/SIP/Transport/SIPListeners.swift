import NIOCore
import NIOPosix
import NIOSSL

/// The open SIP listeners: one UDP socket, TCP listener or TLS listener per
/// ``SIPListenAddress``, each handing what it reads to the same ``SIPTransportUser``.
///
/// A UDP socket takes datagrams of up to 64 KiB, the parser's bound (§18.1.1 lets a message of
/// any size arrive over UDP when it fits one datagram). It is bound without `SO_REUSEADDR`, so a
/// second server on the same port fails to start instead of silently sharing the datagrams. TCP
/// and TLS connections frame on Content-Length (``SIPMessageDecoder``) and answer keep-alives.
///
/// Every listener and every accepted connection runs on one event loop, ``eventLoop``: the
/// transaction tables and the call state above them are then owned by that loop and need no
/// lock (one core handles tens of thousands of messages a second, more than a 1,200-user system
/// sends).
public final class SIPListeners: Sendable {
    /// What was bound, with the ports the system picked for 0.
    public let addresses: [SIPListenAddress]
    /// The loop every SIP channel runs on.
    public let eventLoop: any EventLoop
    let channels: [any Channel]
    /// The connections opened towards providers, on the same loop and read by the same user.
    let outbound: SIPOutboundConnections

    private init(addresses: [SIPListenAddress], eventLoop: any EventLoop, channels: [any Channel], outbound: SIPOutboundConnections) {
        self.addresses = addresses
        self.eventLoop = eventLoop
        self.channels = channels
        self.outbound = outbound
    }

    /// Opens every listener, or none: when one fails the ones already open are closed again.
    /// - Parameter tls: the server's certificate and key, needed when a `tls:` address is named.
    /// - Throws: ``SIPListenerError`` naming the address that failed and why.
    public static func bind(
        _ addresses: [SIPListenAddress], tls: TLSConfiguration?, parser: SIPMessageParser = SIPMessageParser(), user: any SIPTransportUser,
        on eventLoop: any EventLoop = MultiThreadedEventLoopGroup.singleton.next()
    ) async throws(SIPListenerError) -> SIPListeners {
        let group = eventLoop
        var bound: [SIPListenAddress] = []
        var channels: [any Channel] = []
        var sslContext: NIOSSLContext?
        for address in addresses {
            do {
                let channel: any Channel
                switch address.transport {
                case .udp:
                    channel = try await bindDatagram(address, parser: parser, user: user, group: group)
                case .tcp:
                    channel = try await bindStream(address, ssl: nil, parser: parser, user: user, group: group)
                case .tls:
                    if sslContext == nil {
                        guard let tls else { throw SIPListenerError(address: address, reason: "TLS needs the server's certificate and key") }
                        sslContext = try NIOSSLContext(configuration: tls)
                    }
                    channel = try await bindStream(address, ssl: sslContext, parser: parser, user: user, group: group)
                }
                channels.append(channel)
                var actual = address
                actual.port = channel.localAddress?.port ?? address.port
                bound.append(actual)
            } catch {
                for channel in channels { try? await channel.close() }
                if let error = error as? SIPListenerError { throw error }
                throw SIPListenerError(address: address, reason: Self.reason(error))
            }
        }
        let outbound = SIPOutboundConnections(eventLoop: eventLoop, parser: parser, user: user)
        return SIPListeners(addresses: bound, eventLoop: eventLoop, channels: channels, outbound: outbound)
    }

    /// Closes every listener and every connection the server opened; connections already
    /// accepted close with their listeners.
    public func close() async {
        for channel in channels { try? await channel.close() }
        await outbound.closeAll()
    }

    /// The receive buffer asked for each UDP listener. The kernel's default (208 KiB) holds about
    /// a hundred datagrams — 16 ms of 3,000 REGISTER/s — so any pause of the loop longer than
    /// that dropped requests, and each drop cost the phone a 500 ms retransmission (measured:
    /// every retransmission of the REGISTER benchmark was a `UdpRcvbufErrors` drop). Linux caps
    /// it at `net.core.rmem_max`, which an installation may raise.
    static let datagramReceiveBuffer: SocketOptionValue = 4 << 20

    private static func bindDatagram(
        _ address: SIPListenAddress, parser: SIPMessageParser, user: any SIPTransportUser, group: any EventLoopGroup
    ) async throws -> any Channel {
        try await DatagramBootstrap(group: group)
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 65_536))
            .channelOption(.socketOption(.so_rcvbuf), value: datagramReceiveBuffer)
            // Up to 16 datagrams per wake-up instead of NIO's 4: fewer trips through epoll under load.
            .channelOption(.maxMessagesPerRead, value: 16)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers(SIPDatagramFlushCoalescer(), SIPDatagramHandler(parser: parser, user: user))
                }
            }
            .bind(host: address.host, port: address.port).get()
    }

    private static func bindStream(
        _ address: SIPListenAddress, ssl: NIOSSLContext?, parser: SIPMessageParser, user: any SIPTransportUser, group: any EventLoopGroup
    ) async throws -> any Channel {
        let transport = address.transport
        return try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let ssl { try pipeline.addHandler(NIOSSLServerHandler(context: ssl)) }
                    try pipeline.addHandler(ByteToMessageHandler(SIPMessageDecoder(parser: parser)))
                    try pipeline.addHandler(SIPStreamHandler(transport: transport, user: user))
                }
            }
            .bind(host: address.host, port: address.port).get()
    }

    private static func reason(_ error: any Error) -> String {
        if let error = error as? IOError {
            return error.errnoCode == EADDRINUSE ? "the port is taken (\(error.description))" : error.description
        }
        return String(describing: error)
    }
}
