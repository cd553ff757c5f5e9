import AccessControl
import AdminAPI
import Connectors
import ControlPlane
import Foundation
import Logging
import SRMWire
import Synchronization

/// The server's side of remote maintenance through SRM (manual §5.4; docs/srm.md, "Remote
/// maintenance"): a session opens only while remote maintenance is enabled, one-off or
/// permanent; its requests go to the admin API in-process (``AdminRelay``), where the technician
/// still logs in with a Callplane account whose profile grants remote maintenance — the login
/// counts as remote whatever the SRM server's address; and when it ends, every Callplane session
/// opened through it ends, which bars a one-off enabling again (§5.4.2).
final class SRMMaintenanceRelay: SRMRemoteMaintenance {
    private let projection: StateProjection
    private let access: UserAccessControl
    private let logger: Logger
    /// Set once the admin API exists (it is built after the agent, whose destination it shows).
    private let relay = Mutex<AdminRelay?>(nil)

    init(projection: StateProjection, access: UserAccessControl, logger: Logger) {
        self.projection = projection
        self.access = access
        self.logger = logger
    }

    func attach(_ relay: AdminRelay) {
        self.relay.withLock { $0 = relay }
    }

    func refusal(of session: SRMMaintenanceSession) async -> String? {
        guard projection.current.state.accessControl.remoteMaintenance.isEnabled else {
            return "remote maintenance is barred on the system: someone there must enable it (*754 once, *753 permanently, or PUT /api/v1/remote-maintenance)"
        }
        return nil
    }

    func relay(_ request: SRMRelayedRequest, in session: SRMMaintenanceSession) async -> SRMRelayedResponse {
        let origin = RelayOrigin(technician: session.technician, address: session.address, session: session.session)
        guard let relay = relay.withLock({ $0 }) else {
            return Self.response(to: request, AdminRelay.Answer(status: 503, headers: [], body: Array("the admin API is starting".utf8)))
        }
        guard let body = Data(base64Encoded: request.body) else {
            return Self.response(to: request, AdminRelay.Answer(status: 400, headers: [], body: Array("the relayed body is not base64".utf8)))
        }
        let answer = await relay.respond(
            method: request.method, path: request.path, headers: request.headers.compactMap { $0.count == 2 ? (name: $0[0], value: $0[1]) : nil },
            body: Array(body), origin: origin)
        return Self.response(to: request, answer)
    }

    func ended(_ session: SRMMaintenanceSession) async {
        logger.notice("SRM remote maintenance session over", metadata: ["session": "\(session.session)", "technician": "\(session.technician)"])
        await access.endSessions(from: RelayOrigin(technician: session.technician, address: session.address, session: session.session).source)
    }

    private static func response(to request: SRMRelayedRequest, _ answer: AdminRelay.Answer) -> SRMRelayedResponse {
        SRMRelayedResponse(
            session: request.session, id: request.id, status: answer.status, headers: answer.headers.map { [$0.name, $0.value] },
            body: Data(answer.body).base64EncodedString())
    }
}
