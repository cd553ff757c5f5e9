import Foundation
import HTTPTypes
import Hummingbird

/// The remote maintenance sessions' API (manual §5.4; docs/srm.md, "Maintenance sessions and
/// the relay"). A session is asked of the system's agent, which accepts it only while remote
/// maintenance is enabled on the system; the page's forms get `303` back to `/` instead of JSON.
extension SRMServerApplication {
    struct OpenedSession: Encodable {
        var session: String
        var systemID: String
        var technician: String
        var relay: String
    }

    func addSessionRoutes(to router: Router<SRMRequestContext>) {
        router.post("/api/v1/systems/:id/sessions") { request, context in try await openSession(request, context: context) }
        router.get("/api/v1/sessions") { request, _ in
            guard technician(request) != nil else { return try Self.loginRequired() }
            return try Response.json(await maintenance.all())
        }
        router.delete("/api/v1/sessions/:session") { request, context in
            try await endSession(request, id: try context.parameters.require("session"), systemID: nil)
        }
        router.delete("/api/v1/systems/:id/sessions/:session") { request, context in
            try await endSession(request, id: try context.parameters.require("session"), systemID: try context.parameters.require("id"))
        }
        // The page's End button: a form cannot send DELETE.
        router.post("/api/v1/sessions/:session/end") { request, context in
            try await endSession(request, id: try context.parameters.require("session"), systemID: nil)
        }
    }

    /// `201` once the system accepted; `409` with the system's reason when it refused, `503`
    /// when it is not connected or did not answer within ``MaintenanceTimeouts/answer``.
    func openSession(_ request: Request, context: SRMRequestContext) async throws -> Response {
        guard let technician = technician(request), let login = Self.token(request) else { return try Self.loginRequired() }
        let systemID = try context.parameters.require("id")
        guard try directory.system(systemID) != nil else {
            return try Response.error(.notFound, "system \(systemID) is not on the allow-list")
        }
        let form = Self.isForm(request)
        let outcome = await maintenance.open(systemID: systemID, technician: technician, address: context.source, login: login)
        switch outcome {
        case .accepted(let session):
            context.logger.notice(
                "maintenance session opened", metadata: ["session": "\(session.session)", "system": "\(systemID)", "technician": "\(technician)"])
            if form { return Response.seeOther("/") }
            return try Response.json(
                OpenedSession(session: session.session, systemID: systemID, technician: technician, relay: session.relay), status: .created)
        case .refused(let reason):
            context.logger.notice("maintenance session refused", metadata: ["system": "\(systemID)", "reason": "\(reason)"])
            return try await sessionFailure(.conflict, reason, form: form, technician: technician)
        case .unavailable(let reason):
            context.logger.notice("maintenance session not opened", metadata: ["system": "\(systemID)", "reason": "\(reason)"])
            return try await sessionFailure(.serviceUnavailable, reason, form: form, technician: technician)
        }
    }

    /// Any technician may end any open session: ending grants nothing, and a colleague may close
    /// one left open (manual §5.4 advises against access kept open). `204`, or `404`.
    func endSession(_ request: Request, id: String, systemID: String?) async throws -> Response {
        guard let technician = technician(request) else { return try Self.loginRequired() }
        guard let session = await maintenance.session(id), systemID == nil || session.systemID == systemID else {
            return try Response.error(.notFound, "no open maintenance session \(id)\(systemID.map { " on system \($0)" } ?? "")")
        }
        await maintenance.end(id, reason: "ended by technician \(technician)")
        return Self.isForm(request) ? Response.seeOther("/") : Response(status: .noContent)
    }

    /// The page again with the reason on top for the form, else `{"error"}`.
    private func sessionFailure(_ status: HTTPResponse.Status, _ reason: String, form: Bool, technician: String) async throws -> Response {
        guard form else { return try Response.error(status, reason) }
        let page = SystemsPage.systems(try await systemViews(), sessions: await maintenance.all(), technician: technician, notice: reason)
        return Response.html(page, status: status)
    }
}
