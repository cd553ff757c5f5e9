import AdminModels
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Issue 13, points 13 and 14: an `Idempotency-Key` names one request (method, path, body).
/// The same request again replays its outcome; any other request with the key is refused with
/// `idempotency_key_reused`, appends nothing and has no side effect — never a 204 for a delete
/// that did not happen, never a 500.
@Suite struct IdempotencyKeyTests {
    struct Answer: Sendable {
        var status: HTTPResponse.Status
        var code: String?
        var replay: Bool
    }

    @Test func aKeyAnswersOnlyTheRequestItWasFirstSentWith() async throws {
        let fixture = try AdminAPIFixture()
        let auth = try await AdminRouterTests.authorization(fixture)
        let app = Application(router: fixture.api.makeRouter())
        try await app.test(.router) { client in
            func send(_ method: HTTPRequest.Method, _ uri: String, _ body: String = "", key: String, headers: HTTPFields? = nil) async throws -> Answer {
                var keyed = headers ?? auth
                keyed[HTTPField.Name("Idempotency-Key")!] = key
                return try await client.execute(uri: uri, method: method, headers: keyed, body: ByteBuffer(string: body)) { response in
                    let code = (try? JSONDecoder().decode(ErrorBody.self, from: Data(response.body.readableBytesView)))?.code
                    return Answer(status: response.status, code: code, replay: response.headers[HTTPField.Name("Idempotent-Replay")!] == "true")
                }
            }
            let ada = #"{"number":"101","name":"Ada"}"#
            #expect(try await send(.post, "/api/v1/users", ada, key: "k-1").status == .created)
            let head = fixture.log.head

            // The same request again: its outcome, nothing appended.
            let again = try await send(.post, "/api/v1/users", ada, key: "k-1")
            #expect(again.status == .created && again.replay)

            // The same key with another body, another user, another method or another route.
            let refused: [(HTTPRequest.Method, String, String)] = [
                (.post, "/api/v1/users", #"{"number":"102","name":"Grace"}"#),
                (.delete, "/api/v1/users/999", ""),
                (.delete, "/api/v1/users/101", ""),
                (.delete, "/api/v1/accounts/admin", ""),
                (.put, "/api/v1/remote-maintenance", #"{"mode":"permanent"}"#),
                (.patch, "/api/v1/access-control/settings", #"{"idleTimeoutMinutes":30}"#),
                (.post, "/api/v1/event-messages", #"{"type":"card_reset","parameters":{"slot":1}}"#),
                (.post, "/api/v1/destinations/event_log/test", ""),
            ]
            for (method, uri, body) in refused {
                let answer = try await send(method, uri, body, key: "k-1")
                #expect(answer.status == .conflict && answer.code == "idempotency_key_reused", "\(method) \(uri): \(answer.status) \(answer.code ?? "-")")
            }
            #expect(fixture.log.head == head, "a refused reuse appended something")

            // The administrator's own session survived the refused delete of its account.
            try await client.execute(uri: "/api/v1/session", method: .get, headers: auth) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/users/101", method: .get, headers: auth) { #expect($0.status == .ok) }

            // One endpoint, one key, two bodies: the second is not answered with the first.
            #expect(try await send(.put, "/api/v1/remote-maintenance", #"{"mode":"one_off"}"#, key: "k-2").status == .ok)
            let other = try await send(.put, "/api/v1/remote-maintenance", #"{"mode":"barred"}"#, key: "k-2")
            #expect(other.status == .conflict && other.code == "idempotency_key_reused")
        }
        await fixture.tearDown()
    }
}
