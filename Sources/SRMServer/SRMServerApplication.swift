import AccessControl
import Foundation
import Hummingbird
import HummingbirdTLS
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOSSL

/// The SRM server an installer runs at the office (issue 19, point 4; manual §5.2, "Accessing
/// the communication server from outside"): the agents' WebSocket endpoint `/agent`, the
/// technicians' login, the systems API and page, all on one TLS port.
///
/// Remote maintenance sessions (the relay between a technician and a system) come later; they
/// will be further routes and further frames on the same connections.
public struct SRMServerApplication: Sendable {
    public let configuration: SRMServerConfiguration
    public let registry = SystemRegistry()
    let sessions = TechnicianSessions()
    let throttle = LoginThrottle()
    /// Verified against for an unknown technician's name, so that answer takes as long as a
    /// wrong password.
    let decoy: String

    public init(configuration: SRMServerConfiguration) {
        self.configuration = configuration
        decoy = PasswordHasher.decoy(cost: configuration.hasher.cost)
    }

    var directory: SRMDataDirectory { configuration.directory }

    /// The server, ready to run as a service. `onListening` gets the bound port once the
    /// listener is up (the one the system chose for port 0).
    public func makeApplication(logger: Logger, onListening: @escaping @Sendable (Int) async -> Void) throws -> some ApplicationProtocol {
        let tls = try tlsConfiguration()
        let agents = Router(context: BasicWebSocketRequestContext.self)
        let conversation = AgentConversation(
            directory: directory, registry: registry, hasher: configuration.hasher, serverName: configuration.serverName,
            helloTimeout: configuration.helloTimeout)
        agents.ws("/agent") { inbound, outbound, context in
            await conversation.run(inbound: inbound, outbound: outbound, logger: context.logger)
        }
        let webSocket = HTTP1WebSocketUpgradeChannel.Configuration(
            http1: .init(idleTimeout: .seconds(120)),
            // Frames of up to 64 KiB; a longer message is split over several, up to SRMFrameCoding's limit.
            ws: .init(maxFrameSize: 1 << 16, autoPing: .enabled(timePeriod: .seconds(30))))
        return Application(
            router: makeRouter(),
            server: try .tls(.http1WebSocketUpgrade(webSocketRouter: agents, configuration: webSocket), tlsConfiguration: tls),
            configuration: ApplicationConfiguration(address: .hostname(configuration.address, port: configuration.port), serverName: "callplane-srm"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }

    /// The chain and key of `--certificate`/`--key`, else the data directory's own.
    func tlsConfiguration() throws -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        let key: NIOSSLPrivateKey
        do {
            if let certificateFile = configuration.certificateFile, let keyFile = configuration.keyFile {
                chain = try NIOSSLCertificate.fromPEMFile(certificateFile)
                key = try NIOSSLPrivateKey(file: keyFile, format: .pem)
            } else {
                let own = try directory.ownCertificate(serverName: configuration.serverName, hostNames: configuration.hostNames)
                chain = try NIOSSLCertificate.fromPEMBytes(Array(own.chainPEM.utf8))
                key = try NIOSSLPrivateKey(bytes: Array(own.keyPEM.utf8), format: .pem)
            }
        } catch let error as SRMServerError {
            throw error
        } catch {
            throw SRMServerError("cannot read the TLS certificate or key: \(error)")
        }
        guard !chain.isEmpty else { throw SRMServerError("the TLS certificate file holds no certificate") }
        var tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        tls.minimumTLSVersion = .tlsv12
        // A connection the server closes waits this long for the peer's close_notify, not the
        // default 5 s: an agent that vanished would otherwise hold its descriptor longer.
        tls.shutdownTimeout = .seconds(1)
        return tls
    }
}
