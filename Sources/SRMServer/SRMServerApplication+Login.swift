import Foundation
import Hummingbird

/// Technicians' login and logout (issue 19, point 4). A session is carried as a bearer token
/// (scripts) or the `srm_session` cookie (the page); the cookie is HttpOnly, Secure and
/// SameSite=Strict, so neither a script on the page nor another site's form can use it.
extension SRMServerApplication {
    static let cookieName = "srm_session"
    /// The same for an unknown name and a wrong password, so the answer tells no names.
    static let wrongCredentials = "wrong technician name or password"

    struct Credentials: Decodable {
        var name: String
        var password: String
    }

    struct LoginAnswer: Encodable {
        var token: String
    }

    /// The technician the request's session belongs to, if it has a live one and the account
    /// still exists (a technician removed while logged in is out at the next request).
    func technician(_ request: Request) -> String? {
        guard let token = Self.token(request), let name = sessions.technician(for: token) else { return nil }
        guard (try? directory.technicians().contains { $0.name == name }) == true else {
            sessions.close(token)
            return nil
        }
        return name
    }

    /// Whether a maintenance session's login is still open and its technician still has an
    /// account; the session ends with either.
    func loginIsOpen(_ token: String, technician: String) -> Bool {
        sessions.isOpen(token) && (try? directory.technicians().contains { $0.name == technician }) == true
    }

    static func token(_ request: Request) -> String? {
        if let authorization = request.headers[.authorization], authorization.lowercased().hasPrefix("bearer ") {
            return String(authorization.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        }
        return request.cookies[cookieName]?.value
    }

    /// JSON `{"name","password"}` answers `{"token"}` and sets the cookie; the page's form
    /// (`application/x-www-form-urlencoded`) is sent back to `/` instead.
    func login(_ request: Request, context: SRMRequestContext) async throws -> Response {
        let form = Self.isForm(request)
        let body = try await request.body.collect(upTo: 16_384)
        let credentials: Credentials
        if form {
            credentials = Self.formCredentials(String(buffer: body))
        } else {
            guard let decoded = try? JSONDecoder().decode(Credentials.self, from: body) else {
                return try Response.error(.badRequest, "the body is JSON {\"name\": …, \"password\": …}")
            }
            credentials = decoded
        }
        let now = Int64(Date().timeIntervalSince1970 * 1_000_000)
        if let wait = throttle.admit(source: context.source, account: credentials.name, now: now) {
            let seconds = (wait + 999_999) / 1_000_000
            return try Response.error(
                .tooManyRequests, "too many failed logins; try again in \(seconds) s", headers: [.retryAfter: "\(seconds)"])
        }
        let technician = try directory.technicians().first { $0.name == credentials.name }
        let matches = await configuration.hasher.verify(credentials.password, against: technician?.passwordHash ?? decoy)
        let succeeded = matches && technician != nil
        throttle.finished(source: context.source, account: credentials.name, succeeded: succeeded, now: Int64(Date().timeIntervalSince1970 * 1_000_000))
        guard succeeded else {
            context.logger.notice("failed technician login", metadata: ["name": "\(credentials.name)", "source": "\(context.source)"])
            return form ? Response.seeOther("/?login=failed") : try Response.error(.unauthorized, Self.wrongCredentials)
        }
        context.logger.info("technician logged in", metadata: ["name": "\(credentials.name)", "source": "\(context.source)"])
        let token = sessions.open(for: credentials.name)
        let cookie: HTTPFields = [
            .setCookie: "\(Self.cookieName)=\(token); Path=/; Max-Age=\(Int(TechnicianSessions.idleTimeout)); HttpOnly; Secure; SameSite=Strict"
        ]
        return form ? Response.seeOther("/", headers: cookie) : try Response.json(LoginAnswer(token: token), headers: cookie)
    }

    /// Ends the login and the maintenance sessions it opened (docs/srm.md: a session ends with
    /// the login that opened it).
    func logout(_ request: Request) async throws -> Response {
        if let token = Self.token(request) {
            sessions.close(token)
            await maintenance.endAll(login: token, reason: "the technician logged out")
        }
        let cookie: HTTPFields = [.setCookie: "\(Self.cookieName)=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Strict"]
        let form = Self.isForm(request)
        return form ? Response.seeOther("/", headers: cookie) : Response(status: .noContent, headers: cookie)
    }

    /// Whether the request comes from the page's form rather than a script.
    static func isForm(_ request: Request) -> Bool {
        request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") ?? false
    }

    /// `name=…&password=…` as a browser sends it: `+` for space, the rest percent-encoded.
    static func formCredentials(_ body: String) -> Credentials {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (part: Substring) in String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            fields[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return Credentials(name: fields["name"] ?? "", password: fields["password"] ?? "")
    }
}
