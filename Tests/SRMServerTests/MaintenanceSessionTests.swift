import Foundation
import HTTPTypes
import SRMServer
import SRMWire
import Testing

/// Remote maintenance sessions and their relay (manual §5.4; docs/srm.md, "Maintenance sessions
/// and the relay"), over real TLS with a ``TestAgent`` as the system's agent.
@Suite(.timeLimit(.minutes(1)))
struct MaintenanceSessionTests {
    struct Opened: Decodable {
        var session: String
        var systemID: String
        var technician: String
        var relay: String
    }

    struct OpenSession: Decodable {
        var session: String
        var systemID: String
        var technician: String
        var address: String
        var requests: Int64
    }

    struct Failure: Decodable {
        var error: String
    }

    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

    /// hq-1 on the allow-list with a welcomed agent serving sessions, and anna logged in.
    static func connected(
        _ server: SRMTestServer, refusal: String? = nil, answering: Bool = true,
        respond: @escaping @Sendable (SRMRelayedRequest) async -> SRMRelayedResponse = TestAgent.echo
    ) async throws -> (agent: TestAgent, seen: SeenFrames, token: String) {
        let secret = try await server.addSystem("hq-1")
        let agent = try await server.welcomedAgent("hq-1", secret: secret)
        let seen = agent.serveMaintenance(refusal: refusal, answering: answering, respond: respond)
        return (agent, seen, try await server.login())
    }

    static func open(_ server: SRMTestServer, token: String) async throws -> Opened {
        let answer = try await server.request(.post, "/api/v1/systems/hq-1/sessions", headers: bearer(token))
        #expect(answer.status == .created, "\(answer.text)")
        return try JSONDecoder().decode(Opened.self, from: Data(answer.text.utf8))
    }

    static func sessions(_ server: SRMTestServer, token: String) async throws -> [OpenSession] {
        try JSONDecoder().decode([OpenSession].self, from: Data(try await server.request(.get, "/api/v1/sessions", headers: bearer(token)).text.utf8))
    }

    @Test func anAcceptedSessionRelaysRequestsAndAnswersExactly() async throws {
        try await SRMTestServer.with { server in
            let (agent, seen, token) = try await Self.connected(server) { request in
                SRMRelayedResponse(
                    session: request.session, id: request.id, status: request.method == "POST" ? 201 : 207,
                    headers: [
                        ["Content-Type", "text/plain; charset=utf-8"], ["X-Answer", "from the system"], ["Connection", "close"], ["Set-Cookie", "a=b"],
                    ],
                    body: Data("\(request.method) \(request.path) \(String(decoding: Data(base64Encoded: request.body) ?? Data(), as: UTF8.self))".utf8)
                        .base64EncodedString())
            }
            let opened = try await Self.open(server, token: token)
            #expect(opened.session.count == 32 && opened.session.allSatisfy(\.isHexDigit))
            #expect(opened.systemID == "hq-1" && opened.technician == "anna" && opened.relay == "/relay/\(opened.session)/")
            let request = try #require(seen.sessionRequests.first)
            #expect(request == SRMMaintenanceSession(session: opened.session, technician: "anna", address: "127.0.0.1"))

            let get = try await server.request(.get, "\(opened.relay)api/v1/users?limit=10&x=%20y", headers: Self.bearer(token))
            #expect(get.status.code == 207)
            #expect(get.text == "GET /api/v1/users?limit=10&x=%20y ")
            #expect(get.headers[HTTPField.Name("X-Answer")!] == "from the system")
            #expect(get.headers[.contentType] == "text/plain; charset=utf-8")
            #expect(get.headers[.setCookie] == nil)
            #expect(get.headers[.contentSecurityPolicy] == "sandbox")

            let post = try await server.request(
                .post, "\(opened.relay)api/v1/users", headers: [.authorization: "Bearer \(token)", .contentType: "application/json"], body: #"{"number":"200"}"#
            )
            #expect(post.status == .created)
            #expect(post.text == #"POST /api/v1/users {"number":"200"}"#)
            let bare = try await server.request(.get, "/relay/\(opened.session)", headers: Self.bearer(token))
            #expect(bare.text == "GET / ")

            #expect(seen.relayedRequests.map(\.id) == [1, 2, 3])
            let listed = try await Self.sessions(server, token: token)
            #expect(listed.map(\.session) == [opened.session])
            #expect(listed.first?.requests == 3 && listed.first?.address == "127.0.0.1" && listed.first?.systemID == "hq-1")
            await agent.close()
        }
    }

    @Test func theSRMCredentialsStayAndTheCallplaneTokenArrivesAsAuthorization() async throws {
        try await SRMTestServer.with { server in
            let (agent, _, token) = try await Self.connected(server)
            let opened = try await Self.open(server, token: token)
            for srmLogin: HTTPFields in [Self.bearer(token), [.cookie: "srm_session=\(token)"]] {
                var headers = srmLogin
                headers[HTTPField.Name("X-Callplane-Authorization")!] = "Bearer callplane-token"
                headers[HTTPField.Name("X-Custom")!] = "kept"
                let answer = try await server.request(.get, "\(opened.relay)api/v1/system/identity", headers: headers)
                #expect(answer.status == .ok, "\(answer.text)")
                let relayed = try SRMFrameCoding.decode(SRMRelayedRequest.self, from: answer.text)
                let names = relayed.headers.map { $0[0].lowercased() }
                #expect(relayed.headers.contains(["Authorization", "Bearer callplane-token"]))
                #expect(relayed.headers.contains { $0[0].lowercased() == "x-custom" && $0[1] == "kept" })
                #expect(!names.contains("cookie") && !names.contains("x-callplane-authorization") && !names.contains("host"))
                #expect(!answer.text.contains(token), "the SRM login never reaches the system")
            }
            await agent.close()
        }
    }

    @Test func aRefusalIs409WithTheSystemsReason() async throws {
        try await SRMTestServer.with { server in
            let (agent, _, token) = try await Self.connected(server, refusal: "remote maintenance is barred on the system (manual §5.4)")
            let answer = try await server.request(.post, "/api/v1/systems/hq-1/sessions", headers: Self.bearer(token))
            #expect(answer.status == .conflict)
            #expect(try JSONDecoder().decode(Failure.self, from: Data(answer.text.utf8)).error == "remote maintenance is barred on the system (manual §5.4)")
            #expect(try await Self.sessions(server, token: token).isEmpty)
            await agent.close()
        }
    }

    @Test func aSystemNotConnectedOrNotAnsweringIs503AndAnUnknownOne404() async throws {
        try await SRMTestServer.with(maintenanceTimeouts: MaintenanceTimeouts(answer: .milliseconds(300))) { server in
            _ = try await server.addSystem("hq-2")
            let (agent, _, token) = try await Self.connected(server, answering: false)
            let notConnected = try await server.request(.post, "/api/v1/systems/hq-2/sessions", headers: Self.bearer(token))
            #expect(notConnected.status == .serviceUnavailable)
            #expect(notConnected.text.contains("not connected"))
            let silent = try await server.request(.post, "/api/v1/systems/hq-1/sessions", headers: Self.bearer(token))
            #expect(silent.status == .serviceUnavailable)
            #expect(silent.text.contains("did not answer"))
            #expect(try await server.request(.post, "/api/v1/systems/nobody/sessions", headers: Self.bearer(token)).status == .notFound)
            #expect(try await server.request(.post, "/api/v1/systems/hq-1/sessions").status == .unauthorized)
            await agent.close()
        }
    }

    @Test func onlyTheTechnicianWhoOpenedItMayUseIt() async throws {
        try await SRMTestServer.with { server in
            let (agent, seen, token) = try await Self.connected(server)
            let opened = try await Self.open(server, token: token)
            let bob = try await server.login("bob")
            #expect(try await server.request(.get, "\(opened.relay)api/v1/users", headers: Self.bearer(bob)).status == .forbidden)
            #expect(try await server.request(.get, "\(opened.relay)api/v1/users").status == .unauthorized)
            #expect(try await server.request(.get, "/relay/0123456789abcdef0123456789abcdef/x", headers: Self.bearer(token)).status == .notFound)
            #expect(seen.relayedRequests.isEmpty)
            await agent.close()
        }
    }

    @Test func deletingASessionSendsSessionEndAndForgetsIt() async throws {
        try await SRMTestServer.with { server in
            let (agent, seen, token) = try await Self.connected(server)
            let first = try await Self.open(server, token: token)
            let second = try await Self.open(server, token: token)
            #expect(try await server.request(.delete, "/api/v1/sessions/\(first.session)", headers: Self.bearer(token)).status == .noContent)
            #expect(await seen.sessionEnd(first.session))
            #expect(try await server.request(.delete, "/api/v1/systems/hq-2/sessions/\(second.session)", headers: Self.bearer(token)).status == .notFound)
            #expect(try await server.request(.delete, "/api/v1/systems/hq-1/sessions/\(second.session)", headers: Self.bearer(token)).status == .noContent)
            #expect(await seen.sessionEnd(second.session))
            #expect(try await server.request(.get, "\(first.relay)x", headers: Self.bearer(token)).status == .notFound)
            #expect(try await Self.sessions(server, token: token).isEmpty)
            #expect(try await server.request(.delete, "/api/v1/sessions/\(first.session)", headers: Self.bearer(token)).status == .notFound)
            await agent.close()
        }
    }

    @Test func theSystemEndingItOrItsConnectionGoingEndsTheSession() async throws {
        try await SRMTestServer.with { server in
            let (agent, _, token) = try await Self.connected(server)
            let ended = try await Self.open(server, token: token)
            agent.send(.sessionEnded(session: ended.session, reason: "remote maintenance was barred"))
            let lost = try await Self.open(server, token: token)
            #expect(try await Self.sessions(server, token: token).map(\.session) == [lost.session])
            await agent.close()
            for _ in 0..<100 where try await !Self.sessions(server, token: token).isEmpty { try await Task.sleep(for: .milliseconds(20)) }
            #expect(try await Self.sessions(server, token: token).isEmpty)
            #expect(try await server.request(.get, "\(lost.relay)api", headers: Self.bearer(token)).status == .notFound)
        }
    }

    @Test func aLogoutOrIdlenessEndsTheSession() async throws {
        try await SRMTestServer.with(maintenanceTimeouts: MaintenanceTimeouts(idle: .milliseconds(600), sweep: .milliseconds(100))) { server in
            let (agent, seen, token) = try await Self.connected(server)
            let idle = try await Self.open(server, token: token)
            #expect(await seen.sessionEnd(idle.session))
            let other = try await server.login("bob")
            let loggedOut = try await Self.open(server, token: other)
            #expect(try await server.request(.post, "/api/v1/logout", headers: Self.bearer(other)).status == .noContent)
            #expect(await seen.sessionEnd(loggedOut.session))
            #expect(try await Self.sessions(server, token: token).isEmpty)
            await agent.close()
        }
    }

    @Test func concurrentRequestsPairWithTheirAnswers() async throws {
        try await SRMTestServer.with { server in
            // The first requests answer last.
            let (agent, _, token) = try await Self.connected(server) { request in
                try? await Task.sleep(for: .milliseconds(50 * (8 - min(request.id, 8))))
                return await TestAgent.echo(request)
            }
            let opened = try await Self.open(server, token: token)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        let answer = try await server.request(.get, "\(opened.relay)item/\(index)", headers: Self.bearer(token))
                        #expect(try SRMFrameCoding.decode(SRMRelayedRequest.self, from: answer.text).path == "/item/\(index)")
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await Self.sessions(server, token: token).first?.requests == 8)
            await agent.close()
        }
    }

    @Test func aBodyOverTheFrameLimitIs413() async throws {
        try await SRMTestServer.with { server in
            let (agent, seen, token) = try await Self.connected(server) { request in
                SRMRelayedResponse(session: request.session, id: request.id, status: 200, headers: [], body: "")
            }
            let opened = try await Self.open(server, token: token)
            let tooLarge = try await server.request(.put, "\(opened.relay)backup", headers: Self.bearer(token), body: String(repeating: "x", count: 800 * 1024))
            #expect(tooLarge.status == .contentTooLarge)
            #expect(tooLarge.text.contains("720896") && tooLarge.text.contains("SRMFrameCoding.maximumBytes"))
            let fits = try await server.request(.put, "\(opened.relay)backup", headers: Self.bearer(token), body: String(repeating: "x", count: 700 * 1024))
            #expect(fits.status == .ok)
            #expect(seen.relayedRequests.count == 1)
            await agent.close()
        }
    }

    @Test func thePageOpensAndEndsSessionsWithForms() async throws {
        try await SRMTestServer.with { server in
            let (agent, seen, token) = try await Self.connected(server)
            let cookie: HTTPFields = [.cookie: "srm_session=\(token)", .contentType: "application/x-www-form-urlencoded"]
            let page = try await server.request(.get, "/", headers: cookie)
            #expect(page.text.contains(#"action="/api/v1/systems/hq-1/sessions""#))
            let opened = try await server.request(.post, "/api/v1/systems/hq-1/sessions", headers: cookie, body: "")
            #expect(opened.status == .seeOther)
            let session = try #require(try await Self.sessions(server, token: token).first?.session)
            let withSession = try await server.request(.get, "/", headers: cookie)
            #expect(withSession.text.contains("<code>/relay/\(session)/</code>"))
            #expect(withSession.text.contains(#"action="/api/v1/sessions/\#(session)/end""#))
            #expect(try await server.request(.post, "/api/v1/sessions/\(session)/end", headers: cookie, body: "").status == .seeOther)
            #expect(await seen.sessionEnd(session))
            await agent.close()
        }
    }
}
