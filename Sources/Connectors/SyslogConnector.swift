import Dispatch
import Domain
import EventMessages
import NIOCore
import NIOPosix
import NIOSSL

/// The local signal destination as a syslog sender (manual §6.3.1.3, "Local signal
/// destinations"): RFC 5426 over UDP, RFC 6587 octet counting over TCP, RFC 5425 over TLS.
///
/// A stream transport keeps one connection across batches and opens it only when a batch is
/// due; whenever a write fails or the collector has hung up, the connection is dropped and the
/// batch is refused as *not available*, so the delivery engine retries it later on a fresh
/// connection. Syslog has no acknowledgements (RFC 6587 §3.4.1), so "delivered" means the
/// collector's TCP acknowledged every byte of the batch (`StreamAcknowledgement`): a collector
/// that hangs up as a batch is written resets it, and the batch is refused, not lost.
///
/// An actor, because the open connection is mutable state shared by every call.
public actor SyslogConnector: SignalDestinationAdapter {
    public nonisolated let settings: SyslogSettings
    private let format: SyslogMessageFormat
    private let group: any EventLoopGroup
    /// Time for the TCP connect, for TLS again for the handshake, and for the collector's TCP to
    /// acknowledge a batch.
    private let connectTimeout: TimeAmount = .seconds(5)

    private var channel: (any Channel)?
    /// The connection being opened, shared by calls that arrive meanwhile.
    private var opening: Task<any Channel, any Error>?
    private var isClosed = false

    /// - Parameter hostname: HOSTNAME of every line (RFC 5424 §6.2.4): the system's name or IP
    ///   address as the collector should show it.
    public init(
        settings: SyslogSettings, hostname: String,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.settings = settings
        self.format = SyslogMessageFormat(facility: settings.facility, hostname: hostname)
        self.group = group
    }

    public func deliver(_ batch: [EventMessageDelivery]) async throws(DeliveryFailure) {
        guard !batch.isEmpty else { return }
        let channel = try await openChannel()
        let lines = batch.map { delivery -> String in
            let line = format.line(for: delivery)
            return settings.transport == .udp ? line : SyslogMessageFormat.octetCounted(line)
        }
        let writes = lines.map { channel.write(channel.allocator.buffer(string: $0)) }
        channel.flush()
        do {
            try await EventLoopFuture.andAllSucceed(writes, on: channel.eventLoop).get()
        } catch {
            drop(channel)
            throw DeliveryFailure(.notAvailable, "writing to \(peer) failed: \(Self.describe(error))")
        }
        guard settings.transport != .udp else { return }
        do {
            try await StreamAcknowledgement(timeout: connectTimeout).wait(for: channel)
        } catch {
            drop(channel)
            throw DeliveryFailure(.notAvailable, "\(peer): \(error.reason)")
        }
    }

    public func close() async {
        isClosed = true
        opening?.cancel()
        let channel = self.channel
        self.channel = nil
        try? await channel?.close()
    }

    // MARK: - Connection

    /// Whether a stream is open now; tests wait on it after a collector hangs up.
    var isConnected: Bool { channel?.isActive == true }

    private var peer: String { "\(settings.transport.rawValue)://\(settings.host):\(settings.port)" }

    /// The open connection, or a new one when there is none or the collector hung up since.
    private func openChannel() async throws(DeliveryFailure) -> any Channel {
        guard !isClosed else { throw DeliveryFailure(.notAvailable, "the syslog connector to \(peer) is closed") }
        if let channel {
            if channel.isActive { return channel }
            drop(channel)
        }
        let opening =
            self.opening
            ?? Task { [settings, group, connectTimeout] in
                try await Self.connect(settings: settings, group: group, timeout: connectTimeout)
            }
        self.opening = opening
        let result = await opening.result
        if self.opening == opening { self.opening = nil }
        switch result {
        case .success(let channel):
            if isClosed {
                channel.close(promise: nil)
                throw DeliveryFailure(.notAvailable, "the syslog connector to \(peer) is closed")
            }
            self.channel = channel
            return channel
        case .failure(let error as DeliveryFailure):
            throw error
        case .failure(let error):
            throw DeliveryFailure(.notAvailable, "connecting to \(peer) failed: \(Self.describe(error))")
        }
    }

    private func drop(_ channel: any Channel) {
        if self.channel === channel { self.channel = nil }
        channel.close(promise: nil)
    }

    private static func connect(settings: SyslogSettings, group: any EventLoopGroup, timeout: TimeAmount) async throws -> any Channel {
        switch settings.transport {
        case .udp:
            let address = try await resolve(settings.host, port: settings.port)
            return try await DatagramBootstrap(group: group).connect(to: address).get()
        case .tcp:
            return try await ClientBootstrap(group: group)
                .connectTimeout(timeout)
                .connect(host: settings.host, port: settings.port).get()
        case .tls:
            return try await connectTLS(settings: settings, group: group, timeout: timeout)
        }
    }

    /// RFC 5425 §5.2: the collector is authenticated by its certificate, issued for the host
    /// name or IP address the destination is configured with. NIOSSL checks a DNS name against
    /// the name sent in SNI and, when no name is sent (an IP address may not be, RFC 6066 §3),
    /// the IP address SANs against the connected address.
    private static func connectTLS(settings: SyslogSettings, group: any EventLoopGroup, timeout: TimeAmount) async throws -> any Channel {
        let context: NIOSSLContext
        do {
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = .fullVerification
            // RFC 9662 §5 updates RFC 5425: TLS 1.2 or later.
            configuration.minimumTLSVersion = .tlsv12
            if let caFile = settings.caFile { configuration.trustRoots = .file(caFile) }
            context = try NIOSSLContext(configuration: configuration)
        } catch {
            throw DeliveryFailure(.notDefined, "TLS settings for \(settings.host) unusable (CA file \(settings.caFile ?? "system")): \(describe(error))")
        }
        let isIPAddress = (try? SocketAddress(ipAddress: settings.host, port: 0)) != nil
        let serverName = isIPAddress ? nil : settings.host
        let eventLoop = group.next()
        let handshake = eventLoop.makePromise(of: Void.self)
        let channel = try await ClientBootstrap(group: eventLoop)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: serverName))
                    try channel.pipeline.syncOperations.addHandler(TLSHandshakeWatcher(handshake: handshake))
                }
            }
            .connect(host: settings.host, port: settings.port).get()
        let deadline = eventLoop.scheduleTask(in: timeout) { handshake.fail(ChannelError.connectTimeout(timeout)) }
        do {
            try await handshake.futureResult.get()
            deadline.cancel()
            return channel
        } catch {
            deadline.cancel()
            channel.close(promise: nil)
            throw DeliveryFailure(.notAvailable, "TLS handshake with \(settings.host):\(settings.port) failed: \(describe(error))")
        }
    }

    /// `getaddrinfo` blocks for as long as DNS takes, so it runs on a Dispatch thread rather than
    /// on the cooperative pool or an event loop. (ClientBootstrap resolves asynchronously itself;
    /// DatagramBootstrap does not.)
    private static func resolve(_ host: String, port: Int) async throws -> SocketAddress {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try SocketAddress.makeAddressResolvingHost(host, port: port) })
            }
        }
    }

    /// Short text for a connection error: NIO wraps connect failures in a list of attempts.
    private static func describe(_ error: any Error) -> String {
        if let error = error as? NIOConnectionError {
            if let first = error.connectionErrors.first { return describe(first.error) }
            if let dnsError = error.dnsAAAAError ?? error.dnsAError { return "name resolution failed: \(dnsError)" }
        }
        return String(describing: error)
    }
}
