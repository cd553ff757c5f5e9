import AdminAPI
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Router-level checks of the error contract; the integration suite covers the same over a
/// real server process.
@Suite struct AdminRouterTests {
    static func json(_ buffer: ByteBuffer) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] ?? [:]
    }

    static func authorization(_ fixture: AdminAPIFixture) async throws -> HTTPFields {
        [.authorization: "Bearer " + (try await fixture.administratorToken())]
    }

    @Test func malformedJSONIs400AndAppendsNothing() async throws {
        let fixture = try AdminAPIFixture()
        let auth = try await Self.authorization(fixture)
        let head = fixture.log.head
        let app = Application(router: fixture.api.makeRouter())
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/users", method: .post, headers: auth, body: ByteBuffer(string: "{\"number\": ")) { response in
                #expect(response.status == .badRequest)
                #expect(Self.json(response.body)["code"] as? String == "malformed_json")
            }
        }
        #expect(fixture.log.head == head)
        await fixture.tearDown()
    }

    @Test func unknownRouteAndUnknownUserAreToldApart() async throws {
        let fixture = try AdminAPIFixture()
        let auth = try await Self.authorization(fixture)
        let app = Application(router: fixture.api.makeRouter())
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/nothing-here", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(Self.json(response.body)["code"] as? String == "route_not_found")
            }
            try await client.execute(uri: "/api/v1/users/999", method: .get, headers: auth) { response in
                #expect(response.status == .notFound)
                #expect(Self.json(response.body)["code"] as? String == "user_not_found")
            }
            // A path that is served, with a method it does not take: 405 and what it takes.
            try await client.execute(uri: "/api/v1/users/999", method: .post, headers: auth) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(Self.json(response.body)["code"] as? String == "method_not_allowed")
                #expect(response.headers[.allow] == "GET, PUT, DELETE")
            }
            try await client.execute(uri: "/api/v1/events/abc", method: .get, headers: auth) { response in
                #expect(response.status == .unprocessableContent)
                #expect(Self.json(response.body)["code"] as? String == "invalid_parameter")
            }
        }
        await fixture.tearDown()
    }

    @Test func createdUserIsReadBackWithVersionAndPosition() async throws {
        let fixture = try AdminAPIFixture()
        let auth = try await Self.authorization(fixture)
        let head = fixture.log.head
        let app = Application(router: fixture.api.makeRouter())
        try await app.test(.router) { client in
            let body = ByteBuffer(string: #"{"number":"101","name":"Ada Lovelace","email":"ada@example.com"}"#)
            try await client.execute(uri: "/api/v1/users", method: .post, headers: auth, body: body) { response in
                #expect(response.status == .created)
                #expect(response.headers[HTTPField.Name("Callplane-Position")!] == String(head + 1))
                let user = Self.json(response.body)
                #expect(user["name"] as? String == "Ada Lovelace")
                #expect(user["version"] as? Int == 1)
            }
            var stale = auth
            stale[.ifMatch] = "\"7\""
            try await client.execute(uri: "/api/v1/users/101", method: .put, headers: stale, body: ByteBuffer(string: #"{"name":"Ada"}"#)) { response in
                #expect(response.status == .conflict)
                #expect(Self.json(response.body)["code"] as? String == "version_conflict")
            }
        }
        #expect(fixture.log.head == head + 1)
        await fixture.tearDown()
    }

    /// A key is the name of one request's result; reusing it for another kind of request must
    /// not answer with the first request's entity.
    @Test func aKeyReusedForAnotherRequestIsRefused() async throws {
        let fixture = try AdminAPIFixture()
        var headers = try await Self.authorization(fixture)
        let head = fixture.log.head
        let app = Application(router: fixture.api.makeRouter())
        headers[HTTPField.Name("Idempotency-Key")!] = "k-1"
        let keyed = headers
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/users", method: .post, headers: keyed, body: ByteBuffer(string: #"{"number":"101","name":"Ada"}"#)) {
                response in
                #expect(response.status == .created)
            }
            let terminal = ByteBuffer(string: #"{"kind":"standard_sip","registrationName":"t101","password":"S3cret-pass"}"#)
            try await client.execute(uri: "/api/v1/terminals", method: .post, headers: keyed, body: terminal) { response in
                #expect(response.status == .conflict)
                #expect(Self.json(response.body)["code"] as? String == "idempotency_key_reused")
            }
        }
        #expect(fixture.log.head == head + 1)
        await fixture.tearDown()
    }
}
