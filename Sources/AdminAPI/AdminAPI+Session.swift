import AdminModels
import AccessControl
import Domain
import EventLog
import Foundation
import HTTPTypes
import Hummingbird

extension AdminAPI {
    /// The session cookie for WebAdmin: HttpOnly so page scripts cannot read it, Secure and
    /// SameSite=Strict so it travels only over TLS (or to localhost) and never with a request
    /// another site starts.
    static let sessionCookie = "callplane_session"

    /// `Authorization: Bearer <token>`, else the session cookie.
    static func sessionToken(_ request: Request) -> String? {
        if let header = request.headers[.authorization] {
            // Plain Swift, not Foundation's trimming: this runs for every authenticated request.
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                return String(parts[1].drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
            }
        }
        return request.cookies[sessionCookie]?.value
    }

    static let loginInterfaces: Set<String> = ["webadmin", "api", "remote"]

    @Sendable func login(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let body = try await RequestBody.decode(LoginRequest.self, from: request)
        let interface = body.interface ?? "webadmin"
        guard Self.loginInterfaces.contains(interface) else {
            throw APIError.invalid("interface", "one of webadmin, api, remote")
        }
        let caller = try await access.login(
            name: body.name, password: body.password,
            interface: interface, address: context.peerAddress)
        var view = sessionView(caller)
        view.token = caller.token
        var headers = HTTPFields()
        headers[.setCookie] = "\(Self.sessionCookie)=\(caller.token); Path=/; HttpOnly; Secure; SameSite=Strict"
        return JSONResponse.make(.created, view, headers: headers)
    }

    @Sendable func getSession(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        JSONResponse.make(.ok, sessionView(try caller(context)))
    }

    @Sendable func logout(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        await access.logout(try caller(context))
        var headers = HTTPFields()
        headers[.setCookie] = "\(Self.sessionCookie)=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0"
        return Response(status: .noContent, headers: headers)
    }

    func caller(_ context: AdminRequestContext) throws -> AuthenticatedCaller {
        guard let caller = context.caller else { throw AccessDenied.unauthenticated }
        return caller
    }

    func sessionView(_ caller: AuthenticatedCaller) -> SessionView {
        let settings = projection.current.state.accessControl.settings
        return SessionView(
            account: caller.account.name, profile: caller.profile.id, level: caller.profile.level.rawValue,
            mustChangePassword: caller.account.mustChangePassword, idleTimeoutSeconds: settings.idleTimeoutMinutes * 60, remote: caller.session.remote,
            interface: caller.session.interface, since: RFC3339Timestamp.string(microsecondsSinceEpoch: caller.session.since),
            lastActivity: RFC3339Timestamp.string(microsecondsSinceEpoch: caller.session.lastActivity))
    }
}
