import AccessControl
import Foundation
import HummingbirdWebSocket
import Logging
import SRMWire

/// One agent's WebSocket connection on `GET /agent` (docs/srm.md, "Wire"): the hello and its
/// answer, then the event messages and reports until the connection ends.
///
/// The hello is checked against the allow-list as it is on disk at that moment, so a system
/// added with `callplane-srm system add` connects without a restart; whether it may change its
/// status is read again at every event message, so `system allow-status` applies at once.
///
/// The frames of remote maintenance sessions go to ``MaintenanceSessions``; the server's own
/// frames of a session (request, relayed requests, end) are sent from the technicians' requests
/// through the connection's ``AgentLink``.
struct AgentConversation: Sendable {
    let directory: SRMDataDirectory
    let registry: SystemRegistry
    let maintenance: MaintenanceSessions
    let hasher: PasswordHasher
    let serverName: String
    let helloTimeout: Duration

    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, logger: Logger) async {
        var messages = inbound.messages(maxSize: SRMFrameCoding.maximumBytes).makeAsyncIterator()
        let timeout = helloTimeout
        let deadline = Task {
            try await Task.sleep(for: timeout)
            logger.notice("agent sent no hello in time; closing", metadata: ["timeout": "\(timeout)"])
            try? await outbound.close(.policyViolation, reason: "no hello within \(timeout)")
        }
        let first: WebSocketMessage?
        do {
            first = try await messages.next()
        } catch {
            deadline.cancel()
            logger.info("agent connection failed before its hello", metadata: ["error": "\(error)"])
            return
        }
        deadline.cancel()
        guard let first else { return }
        let hello: SRMHello
        let system: AllowedSystem
        do {
            (hello, system) = try await admit(first)
        } catch let refusal as SRMRefusal {
            logger.notice("agent refused", metadata: ["reason": "\(refusal.reason.rawValue)", "detail": "\(refusal.detail)"])
            try? await outbound.writeTextMessage(SRMFrameCoding.encode(SRMServerFrame.refused(refusal)))
            try? await outbound.close(.policyViolation, reason: refusal.reason.rawValue)
            return
        } catch {
            logger.error("cannot check the agent's hello", metadata: ["error": "\(error)"])
            try? await outbound.close(.unexpectedServerError, reason: "the SRM server cannot read its allow-list")
            return
        }
        var logger = logger
        logger[metadataKey: "system"] = "\(system.systemID)"
        let (link, replaced) = await registry.connect(
            hello, at: Date(), send: { text in try await outbound.writeTextMessage(text) },
            close: { try? await outbound.close(.normalClosure, reason: "replaced by a newer connection of the same system") })
        let connection = link.connection
        if let replaced {
            logger.info("a new connection replaces the system's previous one")
            await replaced.close()
        }
        logger.info("agent connected", metadata: ["name": "\(hello.systemName)", "software": "\(hello.softwareVersion)"])
        do {
            try await outbound.writeTextMessage(SRMFrameCoding.encode(SRMServerFrame.welcome(serverName: serverName)))
            try await converse(&messages, systemID: system.systemID, connection: connection, outbound: outbound, logger: logger)
        } catch {
            logger.info("agent connection failed", metadata: ["error": "\(error)"])
        }
        await registry.disconnect(system.systemID, connection: connection, at: Date())
        await maintenance.connectionEnded(system.systemID, connection: connection)
        logger.info("agent disconnected")
    }

    /// The hello's checks, in the order the refusals are documented: protocol, allow-list,
    /// secret. Throws ``SRMRefusal`` for a refused hello, ``SRMServerError`` when the
    /// allow-list cannot be read.
    private func admit(_ message: WebSocketMessage) async throws -> (SRMHello, AllowedSystem) {
        guard case .text(let text) = message, case .hello(let hello)? = try? SRMFrameCoding.decode(SRMAgentFrame.self, from: text) else {
            throw SRMRefusal(.protocolMismatch, "the first frame must be a hello (docs/srm.md, Wire)")
        }
        guard hello.protocolVersion == SRMHello.currentProtocolVersion else {
            throw SRMRefusal(
                .protocolMismatch, "protocol version \(hello.protocolVersion) is not spoken here; this SRM server speaks \(SRMHello.currentProtocolVersion)")
        }
        guard let system = try directory.system(hello.systemID) else {
            throw SRMRefusal(.unknownSystem, "system \(hello.systemID) is not on this SRM server's allow-list")
        }
        guard await hasher.verify(hello.secret, against: system.secretHash) else {
            throw SRMRefusal(.wrongSecret, "the secret does not match the one issued for system \(hello.systemID)")
        }
        return (hello, system)
    }

    private func converse(
        _ messages: inout WebSocketInboundMessageStream.AsyncIterator, systemID: String, connection: UInt64, outbound: WebSocketOutboundWriter,
        logger: Logger
    ) async throws {
        while let message = try await messages.next() {
            guard case .text(let text) = message else {
                logger.warning("agent sent a binary frame; frames are JSON text")
                continue
            }
            let frame: SRMAgentFrame
            do {
                frame = try SRMFrameCoding.decode(SRMAgentFrame.self, from: text)
            } catch {
                // A newer agent's frame this server does not know yet; the connection stays.
                logger.warning("agent frame not understood; ignored", metadata: ["error": "\(error)"])
                continue
            }
            let now = Date()
            switch frame {
            case .hello:
                logger.warning("agent sent a second hello; ignored")
                guard await registry.seen(systemID, connection: connection, at: now) else { return }
            case .eventMessage(let sequence, let eventMessage, let report):
                guard try statusAllowed(systemID) else {
                    let reason = Self.statusBarred(systemID)
                    logger.notice("event message rejected", metadata: ["sequence": "\(sequence)", "reason": "\(reason)"])
                    guard await registry.seen(systemID, connection: connection, at: now) else { return }
                    try await outbound.writeTextMessage(SRMFrameCoding.encode(SRMServerFrame.rejected(sequence: sequence, reason: reason)))
                    continue
                }
                let taking = await registry.take(eventMessage, sequence: sequence, report: report, systemID: systemID, connection: connection, at: now)
                guard taking != .replaced else { return }
                logger.debug("event message taken", metadata: ["sequence": "\(sequence)", "again": "\(taking == .duplicate)"])
                try await outbound.writeTextMessage(SRMFrameCoding.encode(SRMServerFrame.acknowledged(sequence: sequence)))
            case .status(let report):
                guard try statusAllowed(systemID) else {
                    guard await registry.seen(systemID, connection: connection, at: now) else { return }
                    continue
                }
                guard await registry.report(report, systemID: systemID, connection: connection, at: now) else { return }
            case .sessionAccepted(let session):
                guard await registry.seen(systemID, connection: connection, at: now) else { return }
                logger.notice("maintenance session accepted", metadata: ["session": "\(session)"])
                await maintenance.accepted(session, systemID: systemID, connection: connection)
            case .sessionEnded(let session, let reason):
                guard await registry.seen(systemID, connection: connection, at: now) else { return }
                logger.notice("maintenance session ended or refused by the system", metadata: ["session": "\(session)", "reason": "\(reason)"])
                await maintenance.ended(session, reason: reason, systemID: systemID, connection: connection)
            case .httpResponse(let response):
                guard await registry.seen(systemID, connection: connection, at: now) else { return }
                await maintenance.response(response, systemID: systemID)
            }
        }
    }

    /// False too when the system was taken off the allow-list while connected.
    private func statusAllowed(_ systemID: String) throws -> Bool {
        try directory.system(systemID)?.statusAllowed ?? false
    }

    static func statusBarred(_ systemID: String) -> String {
        "status changes are not allowed for system \(systemID) on this SRM server (manual §6.3.1.3: the status modification per "
            + "communication server must be allowed; callplane-srm system allow-status \(systemID) on)"
    }
}
