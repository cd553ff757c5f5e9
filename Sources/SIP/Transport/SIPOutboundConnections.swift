import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// The TCP and TLS connections the server opens itself (RFC 3261 §18.1.1), to SIP providers
/// whose trunk is set to TCP or TLS (issue 16, point 1): one per provider address, reused by
/// every request that goes there, and read like an accepted connection — the provider's own
/// requests (its calls to the system's DDI numbers) come back over it.
///
/// A connection is kept while it stays open, pinged with a double CRLF every 96–120 s (RFC 5626
/// §4.4.1: the provider's and any NAT's idea of the flow stays alive; a dead peer surfaces as a
/// failed write), and forgotten once closed, so the next request opens a fresh one. Callers that
/// depend on a flow (a registration the provider reaches the system by) watch
/// ``SIPPeer/closed``.
///
/// A TLS provider is authenticated by its certificate (§26.2.1): verified against the trust
/// roots — the system's, or a CA file named in the provider's settings — and against the host
/// name the trunk names (SNI), or, for an IP address, which is never sent in SNI (RFC 6066 §3),
/// against the certificate's IP address entries.
final class SIPOutboundConnections: Sendable {
    /// What tells two connections apart: a TLS connection trusting other roots or verifying
    /// another name is another connection, even to the same address.
    struct Key: Hashable, Sendable {
        var transport: SIPTransportProtocol
        var address: String
        var serverName: String?
        var caFile: String?
    }

    private let eventLoop: any EventLoop
    private let parser: SIPMessageParser
    private let user: any SIPTransportUser
    private let flows = Mutex<[Key: EventLoopFuture<SIPPeer>]>([:])

    init(eventLoop: any EventLoop, parser: SIPMessageParser, user: any SIPTransportUser) {
        self.eventLoop = eventLoop
        self.parser = parser
        self.user = user
    }

    /// The open connection for `key`, or a new one to `remote` once it is connected and, for
    /// TLS, its handshake done. Requests made while it opens share the attempt.
    func peer(to remote: SocketAddress, key: Key, timeout: TimeAmount) async throws(SIPConnectionError) -> SIPPeer {
        let (attempt, isNew): (EventLoopFuture<SIPPeer>, Bool) = flows.withLock { flows in
            if let open = flows[key] { return (open, false) }
            let opening = open(to: remote, key: key, timeout: timeout)
            flows[key] = opening
            return (opening, true)
        }
        if isNew {
            attempt.whenSuccess { [self] peer in peer.channel.closeFuture.whenComplete { _ in self.forget(key, attempt) } }
        }
        do {
            return try await attempt.get()
        } catch {
            forget(key, attempt)
            if let error = error as? SIPConnectionError { throw error }
            throw SIPConnectionError(remote: remote, transport: key.transport, reason: Self.describe(error))
        }
    }

    /// Closes every connection (the server stops).
    func closeAll() async {
        let open = flows.withLock { flows in
            defer { flows = [:] }
            return Array(flows.values)
        }
        for attempt in open { try? await attempt.get().channel.close() }
    }

    private func forget(_ key: Key, _ attempt: EventLoopFuture<SIPPeer>) {
        flows.withLock { flows in
            if flows[key] === attempt { flows[key] = nil }
        }
    }

    private func open(to remote: SocketAddress, key: Key, timeout: TimeAmount) -> EventLoopFuture<SIPPeer> {
        let context: NIOSSLContext?
        do {
            context = key.transport == .tls ? try Self.clientContext(caFile: key.caFile) : nil
        } catch {
            return eventLoop.makeFailedFuture(
                SIPConnectionError(remote: remote, transport: key.transport, reason: "TLS settings unusable (CA file \(key.caFile ?? "system")): \(error)"))
        }
        let ready = eventLoop.makePromise(of: Void.self)
        let (parser, user, transport) = (parser, user, key.transport)
        let keepAlive = TimeAmount.seconds(Int64.random(in: 96...120))
        let connected = ClientBootstrap(group: eventLoop)
            .connectTimeout(timeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let context { try pipeline.addHandler(NIOSSLClientHandler(context: context, serverHostname: key.serverName)) }
                    try pipeline.addHandler(ByteToMessageHandler(SIPMessageDecoder(parser: parser)))
                    try pipeline.addHandler(SIPStreamHandler(transport: transport, user: user, outbound: .init(ready: ready, keepAlive: keepAlive)))
                }
            }
            .connect(to: remote)
        let deadline = eventLoop.scheduleTask(in: timeout) {
            ready.fail(SIPConnectionError(remote: remote, transport: transport, reason: "no \(transport.viaToken) handshake within \(timeout)"))
        }
        connected.whenFailure { ready.fail($0) }
        return connected.and(ready.futureResult).flatMapError { [eventLoop] error in
            deadline.cancel()
            connected.whenSuccess { $0.close(promise: nil) }
            return eventLoop.makeFailedFuture(error)
        }.map { channel, _ in
            deadline.cancel()
            return SIPPeer(transport: transport, remoteAddress: channel.remoteAddress ?? remote, localAddress: channel.localAddress, channel: channel)
        }
    }

    /// Full verification, TLS 1.2 or later (RFC 3261 §26.3.1 asks for TLS; RFC 8996 retires
    /// what came before 1.2).
    private static func clientContext(caFile: String?) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .fullVerification
        configuration.minimumTLSVersion = .tlsv12
        if let caFile { configuration.trustRoots = .file(caFile) }
        return try NIOSSLContext(configuration: configuration)
    }

    /// Short text for a connect error: NIO wraps connect failures in a list of attempts.
    static func describe(_ error: any Error) -> String {
        if let error = error as? NIOConnectionError, let first = error.connectionErrors.first { return String(describing: first.error) }
        return String(describing: error)
    }
}
