import Hummingbird

/// The page, the systems API, the maintenance sessions and their relay (docs/srm.md, "API");
/// every route but the login form, the
/// page's assets and the login itself needs a technician's session.
extension SRMServerApplication {
    func makeRouter() -> Router<SRMRequestContext> {
        let router = Router(context: SRMRequestContext.self)
        router.get("/") { request, _ in
            guard let technician = technician(request) else {
                return Response.html(SystemsPage.loginForm(failed: request.uri.queryParameters["login"] == "failed"))
            }
            return Response.html(SystemsPage.systems(try await systemViews(), sessions: await maintenance.all(), technician: technician))
        }
        router.get("/srm.css") { _, _ in Response.text(SystemsPage.styleSheet, contentType: "text/css; charset=utf-8") }
        router.get("/srm.js") { _, _ in Response.text(SystemsPage.script, contentType: "text/javascript; charset=utf-8") }
        router.post("/api/v1/login") { request, context in try await login(request, context: context) }
        router.post("/api/v1/logout") { request, _ in try await logout(request) }
        router.get("/api/v1/systems") { request, _ in
            guard technician(request) != nil else { return try Self.loginRequired() }
            return try Response.json(try await systemViews())
        }
        router.get("/api/v1/systems/:id") { request, context in
            guard technician(request) != nil else { return try Self.loginRequired() }
            let systemID = try context.parameters.require("id")
            guard let view = try await systemViews().first(where: { $0.systemID == systemID }) else {
                return try Response.error(.notFound, "system \(systemID) is not on the allow-list")
            }
            return try Response.json(view)
        }
        addSessionRoutes(to: router)
        addRelayRoutes(to: router)
        return router
    }

    /// Every system on the allow-list, sorted by id, with what its agent last told.
    func systemViews() async throws -> [SystemView] {
        let records = await registry.allRecords()
        return try directory.systems().map { SystemView($0, records[$0.systemID]) }
    }

    static func loginRequired() throws -> Response {
        try Response.error(.unauthorized, "log in first: POST /api/v1/login", headers: [.wwwAuthenticate: "Bearer"])
    }
}
