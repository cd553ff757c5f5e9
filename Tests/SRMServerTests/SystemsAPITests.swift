import Foundation
import HTTPTypes
import NIOCore
import SRMServer
import SRMWire
import Testing

/// The technicians' login, the systems API and the page (docs/srm.md, "API" and "Page").
@Suite(.timeLimit(.minutes(1)))
struct SystemsAPITests {
    @Test func theSystemsNeedALogin() async throws {
        try await SRMTestServer.with { server in
            _ = try await server.addSystem("hq-1")
            #expect(try await server.request(.get, "/api/v1/systems").status == .unauthorized)
            #expect(try await server.request(.get, "/api/v1/systems", headers: [.authorization: "Bearer made-up"]).status == .unauthorized)
            let token = try await server.login()
            let answer = try await server.request(.get, "/api/v1/systems", headers: [.authorization: "Bearer \(token)"])
            #expect(answer.status == .ok)
            #expect(try await server.systems(token: token).map(\.systemID) == ["hq-1"])
            let one = try await server.request(.get, "/api/v1/systems/hq-1", headers: [.authorization: "Bearer \(token)"])
            #expect(one.status == .ok)
            #expect(one.text.contains("\"colour\":\"grey\""))
            #expect(one.text.contains("\"status\":null"))
            #expect(try await server.request(.get, "/api/v1/systems/nobody", headers: [.authorization: "Bearer \(token)"]).status == .notFound)
        }
    }

    @Test func theLoginSetsAStrictCookieThatOpensThePage() async throws {
        try await SRMTestServer.with { server in
            try await server.directory.addTechnician("anna", password: "correct horse battery", hasher: SRMTestServer.hasher)
            let response = try await server.request(
                .post, "/api/v1/login", headers: [.contentType: "application/json"], body: #"{"name":"anna","password":"correct horse battery"}"#)
            #expect(response.status == .ok)
            let cookie = try #require(response.headers[.setCookie])
            #expect(cookie.hasPrefix("srm_session="))
            for attribute in ["HttpOnly", "Secure", "SameSite=Strict"] { #expect(cookie.contains(attribute)) }
            let session = String(cookie.prefix { $0 != ";" })
            let page = try await server.request(.get, "/", headers: [.cookie: session])
            #expect(page.text.contains("<tbody id=\"systems\">"))
            let loggedOut = try await server.request(.post, "/api/v1/logout", headers: [.cookie: session])
            #expect(loggedOut.status == .noContent)
            #expect(try await server.request(.get, "/api/v1/systems", headers: [.cookie: session]).status == .unauthorized)
            #expect(try await server.request(.get, "/", headers: [.cookie: session]).text.contains("action=\"/api/v1/login\""))
        }
    }

    @Test func anUnknownNameAndAWrongPasswordGetTheSameAnswer() async throws {
        try await SRMTestServer.with { server in
            try await server.directory.addTechnician("anna", password: "correct horse battery", hasher: SRMTestServer.hasher)
            let wrongPassword = try await server.request(
                .post, "/api/v1/login", headers: [.contentType: "application/json"], body: #"{"name":"anna","password":"incorrect horse"}"#)
            let unknownName = try await server.request(
                .post, "/api/v1/login", headers: [.contentType: "application/json"], body: #"{"name":"bob","password":"correct horse battery"}"#)
            #expect(wrongPassword.status == .unauthorized)
            #expect(unknownName.status == .unauthorized)
            #expect(wrongPassword.text == unknownName.text)
            #expect(wrongPassword.headers[.setCookie] == nil)
        }
    }

    @Test func thePageFormLogsInAndBack() async throws {
        try await SRMTestServer.with { server in
            try await server.directory.addTechnician("anna", password: "correct horse battery", hasher: SRMTestServer.hasher)
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            let failed = try await server.request(.post, "/api/v1/login", headers: form, body: "name=anna&password=wrong+horse")
            #expect(failed.status == .seeOther)
            #expect(failed.headers[.location] == "/?login=failed")
            let succeeded = try await server.request(.post, "/api/v1/login", headers: form, body: "name=anna&password=correct+horse+battery")
            #expect(succeeded.status == .seeOther)
            #expect(succeeded.headers[.location] == "/")
            #expect(succeeded.headers[.setCookie]?.hasPrefix("srm_session=") == true)
        }
    }

    @Test func thePageEscapesWhatAgentsSendAndShowsTheStatusColour() async throws {
        try await SRMTestServer.with { server in
            let secret = try await server.addSystem("hq-1")
            let token = try await server.login()
            let hostileName = #"<script>alert("x")</script>"#
            let agent = try await server.welcomedAgent("hq-1", secret: secret, systemName: hostileName)
            let report = SRMStatusReport(
                status: .critical,
                active: [
                    SRMActiveMessage(
                        number: 1, type: "fan_failure", code: 8, name: "<img src=x onerror=alert(1)>", severity: "critical", parameters: [:], firstAt: 0,
                        lastAt: 0, count: 1)
                ])
            agent.send(.eventMessage(sequence: 1, message: AgentEndpointTests.fanFailure("negative", number: 1), report: report))
            #expect(await agent.next() == .acknowledged(sequence: 1))
            let page = try await server.request(.get, "/", headers: [.authorization: "Bearer \(token)"])
            let html = page.text
            #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
            #expect(!html.contains(hostileName))
            #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
            #expect(!html.contains("<img"))
            #expect(html.contains("class=\"status status-red\""))
            #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            let style = try await server.request(.get, "/srm.css").text
            #expect(style.contains(".status-red { background:"))
            await agent.close()
        }
    }

    @Test func thePageAsksForALoginFirst() async throws {
        try await SRMTestServer.with { server in
            let page = try await server.request(.get, "/")
            #expect(page.status == .ok)
            let html = page.text
            #expect(html.contains("action=\"/api/v1/login\""))
            #expect(!html.contains("<tbody id=\"systems\">"))
        }
    }
}
