import AccessControl
import Foundation
import Hummingbird
import HummingbirdTLS
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOSSL
import SRMWire

/// The SRM server an installer runs at the office (issue 19, point 4; manual §5.2, "Accessing
/// the communication server from outside"): the agents' WebSocket endpoint `/agent`, the
/// technicians' login, the systems API and page, all on one TLS port.
///
/// Remote maintenance sessions (manual §5.4; issue 19, point 3) ride the same connections: a
/// technician opens one on a connected system and reaches its admin API through `/relay/…`.
public struct SRMServerApplication: Sendable {
    public let configuration: SRMServerConfiguration
    public let registry: SystemRegistry
    let maintenance: MaintenanceSessions
    let sessions = TechnicianSessions()
    let throttle = LoginThrottle()
    /// Verified against for an unknown technician's name, so that answer takes as long as a
    /// wrong password.
    let decoy: String

    public init(configuration: SRMServerConfiguration) {
        self.configuration = configuration
        registry = SystemRegistry()
        maintenance = MaintenanceSessions(registry: registry, timeouts: configuration.maintenanceTimeouts)
        decoy = PasswordHasher.decoy(cost: configuration.hasher.cost)
    }

    var directory: SRMDataDirectory { configuration.directory }

    /// The server, ready to run as a service. `onListening` gets the bound port once the
    /// listener is up (the one the system chose for port 0).
    public func makeApplication(logger: Logger, onListening: @escaping @Sendable (Int) async -> Void) throws -> some ApplicationProtocol {
        let tls = try tlsConfiguration()
        let agents = Router(context: BasicWebSocketRequestContext.self)
        let conversation = AgentConversation(
            directory: directory, registry: registry, maintenance: maintenance, hasher: configuration.hasher, serverName: configuration.serverName,
            helloTimeout: configuration.helloTimeout)
        agents.ws("/agent") { inbound, outbound, context in
            await conversation.run(inbound: inbound, outbound: outbound, logger: context.logger)
        }
        let webSocket = HTTP1WebSocketUpgradeChannel.Configuration(
            http1: .init(idleTimeout: .seconds(120)),
            // Every frame one WebSocket frame, as the agent sends them: the agent's frames (its
            // relayed responses) can be up to SRMFrameCoding's limit, and the server writes a
            // connection from several tasks at once (the conversation's acknowledgements, the
            // technicians' relayed requests) — a message split in fragments could interleave.
            ws: .init(maxFrameSize: SRMFrameCoding.maximumBytes, autoPing: .enabled(timePeriod: .seconds(30))))
        var application = Application(
            router: makeRouter(),
            server: try .tls(.http1WebSocketUpgrade(webSocketRouter: agents, configuration: webSocket), tlsConfiguration: tls),
            configuration: ApplicationConfiguration(address: .hostname(configuration.address, port: configuration.port), serverName: "callplane-srm"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
        application.addServices(MaintenanceSessionSweeper(server: self))
        return application
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
