import AccessControl
import AdminAPI
import ControlPlane
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Router-level checks of the rights of every route; the integration suite repeats them over
/// a real server with real profiles.
@Suite struct AccessRouterTests {
    /// A concrete URI for a route's OpenAPI path.
    static func uri(_ path: String) -> String {
        path.replacingOccurrences(of: "{number}", with: "101").replacingOccurrences(of: "{id}", with: "1")
            .replacingOccurrences(of: "{position}", with: "1").replacingOccurrences(of: "{key}", with: "server_restarted")
            .replacingOccurrences(of: "{table}", with: "3").replacingOccurrences(of: "{destination}", with: "local_1")
            .replacingOccurrences(of: "{kind}", with: "local").replacingOccurrences(of: "{messageNumber}", with: "1")
            .replacingOccurrences(of: "{name}", with: "admin")
    }

    @Test func everyNonPublicRouteRefusesARequestWithoutAToken() async throws {
        let fixture = try AdminAPIFixture()
        let app = Application(router: fixture.api.makeRouter())
        let routes = fixture.api.routes
        #expect(routes.count(where: { $0.right == .public }) == 4)
        try await app.test(.router) { client in
            for route in routes where route.right != .public {
                try await client.execute(uri: Self.uri(route.path), method: route.method) { response in
                    #expect(response.status == .unauthorized, "\(route.method) \(route.path) answered \(response.status)")
                    #expect(AdminRouterTests.json(response.body)["code"] as? String == "unauthenticated")
                }
                try await client.execute(uri: Self.uri(route.path), method: route.method, headers: [.authorization: "Bearer not-a-session"]) { response in
                    #expect(response.status == .unauthorized, "\(route.method) \(route.path) with a made-up token answered \(response.status)")
                }
            }
        }
        await fixture.tearDown()
    }

    /// An account whose profile reads users but may not write them: reads pass, writes get 403
    /// naming the right, and nothing is appended.
    @Test func aProfileWithoutTheRightGets403AndChangesNothing() async throws {
        let fixture = try AdminAPIFixture()
        let admin = try await fixture.administratorToken()
        let origin = CommandOrigin(actor: "admin", source: "test")
        _ = try await fixture.pipeline.execute(
            .createProfile(
                AuthorizationProfile(
                    id: "reader", name: "Reader", level: .systemAssistant, areas: [.users: .read], interfaces: [.webAdminAPI])), origin: origin)
        await fixture.projection.waitUntil(position: fixture.log.head)
        _ = try await fixture.access.createAccount(name: "reader", profile: "reader", password: "Reader-Pass.1", origin: origin, idempotencyKey: nil)
        let first = try await fixture.access.login(name: "reader", password: "Reader-Pass.1", interface: "api", address: "127.0.0.1")
        #expect(first.account.mustChangePassword)
        _ = try await fixture.access.setPassword(of: "reader", to: "Reader-Pass.2", currentPassword: "Reader-Pass.1", by: first, origin: origin)
        let token = try await fixture.access.login(name: "reader", password: "Reader-Pass.2", interface: "api", address: "127.0.0.1").token
        let head = fixture.log.head
        let app = Application(router: fixture.api.makeRouter())
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/users", method: .get, headers: [.authorization: "Bearer " + token]) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(
                uri: "/api/v1/users", method: .post, headers: [.authorization: "Bearer " + token],
                body: ByteBuffer(string: #"{"number":"101","name":"Ada"}"#)
            ) { response in
                #expect(response.status == .forbidden)
                let body = AdminRouterTests.json(response.body)
                #expect(body["code"] as? String == "forbidden")
                #expect((body["details"] as? [String: Any])?["right"] as? String == "users:write")
            }
            try await client.execute(uri: "/api/v1/accounts", method: .get, headers: [.authorization: "Bearer " + token]) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/accounts", method: .get, headers: [.authorization: "Bearer " + admin]) { response in
                #expect(response.status == .ok)
            }
        }
        #expect(fixture.log.head == head)
        await fixture.tearDown()
    }
}
