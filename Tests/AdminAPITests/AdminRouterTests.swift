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

    @Test func malformedJSONIs400AndAppendsNothing() async throws {
        let fixture = try AdminAPIFixture()
        let app = Application(router: fixture.api.makeRouter())
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/users", method: .post, body: ByteBuffer(string: "{\"number\": ")) { response in
                #expect(response.status == .badRequest)
                #expect(Self.json(response.body)["code"] as? String == "malformed_json")
            }
        }
        #expect(fixture.log.head == 0)
        await fixture.tearDown()
    }

    @Test func unknownRouteAndUnknownUserAreToldApart() async throws {
        let fixture = try AdminAPIFixture()
        let app = Application(router: fixture.api.makeRouter())
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/nothing-here", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(Self.json(response.body)["code"] as? String == "route_not_found")
            }
            try await client.execute(uri: "/api/v1/users/999", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(Self.json(response.body)["code"] as? String == "user_not_found")
            }
        }
        await fixture.tearDown()
    }

    @Test func createdUserIsReadBackWithVersionAndPosition() async throws {
        let fixture = try AdminAPIFixture()
        let app = Application(router: fixture.api.makeRouter())
        try await app.test(.router) { client in
            let body = ByteBuffer(string: #"{"number":"101","name":"Ada Lovelace","email":"ada@example.com"}"#)
            try await client.execute(uri: "/api/v1/users", method: .post, body: body) { response in
                #expect(response.status == .created)
                #expect(response.headers[HTTPField.Name("Callplane-Position")!] == "1")
                let user = Self.json(response.body)
                #expect(user["name"] as? String == "Ada Lovelace")
                #expect(user["version"] as? Int == 1)
            }
            try await client.execute(uri: "/api/v1/users/101", method: .put, headers: [.ifMatch: "\"7\""], body: ByteBuffer(string: #"{"name":"Ada"}"#)) { response in
                #expect(response.status == .conflict)
                #expect(Self.json(response.body)["code"] as? String == "version_conflict")
            }
        }
        #expect(fixture.log.head == 1)
        await fixture.tearDown()
    }

    /// A key is the name of one request's result; reusing it for another kind of request must
    /// not answer with the first request's entity.
    @Test func aKeyReusedForAnotherRequestIsRefused() async throws {
        let fixture = try AdminAPIFixture()
        let app = Application(router: fixture.api.makeRouter())
        let key = HTTPField.Name("Idempotency-Key")!
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/users", method: .post, headers: [key: "k-1"], body: ByteBuffer(string: #"{"number":"101","name":"Ada"}"#)) { response in
                #expect(response.status == .created)
            }
            let terminal = ByteBuffer(string: #"{"kind":"standard_sip","registrationName":"t101","password":"S3cret-pass"}"#)
            try await client.execute(uri: "/api/v1/terminals", method: .post, headers: [key: "k-1"], body: terminal) { response in
                #expect(response.status == .conflict)
                #expect(Self.json(response.body)["code"] as? String == "idempotency_key_reused")
            }
        }
        #expect(fixture.log.head == 1)
        await fixture.tearDown()
    }
}
