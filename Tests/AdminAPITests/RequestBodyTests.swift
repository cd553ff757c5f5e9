import AdminAPI
import AdminModels
import Foundation
import EventMessages
import Domain
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Request bodies are decoded as the typed models the CLI encodes; each refusal must still name
/// the member by its full path and the rule, and change nothing.
@Suite struct RequestBodyTests {
    struct Refusal: Sendable, CustomStringConvertible {
        var method: HTTPRequest.Method
        var uri: String
        var body: String
        var status: HTTPResponse.Status
        var code: String
        var field: String?
        var rule: String?

        var description: String { "\(method) \(uri) \(body)" }
    }

    static let refusals: [Refusal] = [
        Refusal(
            method: .post, uri: "/api/v1/users", body: "[1]", status: .unprocessableContent, code: "invalid_body", field: nil, rule: "must be a JSON object"),
        Refusal(method: .post, uri: "/api/v1/users", body: "", status: .badRequest, code: "malformed_json", field: nil, rule: nil),
        Refusal(
            method: .post, uri: "/api/v1/users", body: #"{"number":"101"}"#, status: .unprocessableContent, code: "invalid_field", field: "name",
            rule: "is required"),
        Refusal(
            method: .post, uri: "/api/v1/users", body: #"{"number":"101","name":7}"#, status: .unprocessableContent, code: "invalid_field", field: "name",
            rule: "must be a string"),
        Refusal(
            method: .post, uri: "/api/v1/users", body: #"{"number":"101","name":"A","nickname":"a"}"#, status: .unprocessableContent,
            code: "unknown_field", field: "nickname", rule: "unknown field"),
        Refusal(
            method: .patch, uri: "/api/v1/event-tables/1", body: #"{"rows":{"ntp_failed":{"mode":"custom","frequency":2.5,"periodHours":1}}}"#,
            status: .unprocessableContent, code: "invalid_field", field: "rows.ntp_failed.frequency", rule: "must be a whole number"),
        Refusal(
            method: .patch, uri: "/api/v1/event-tables/1", body: #"{"rows":{"ntp_failed":{"mode":"every","often":true}}}"#,
            status: .unprocessableContent, code: "unknown_field", field: "rows.ntp_failed.often", rule: "unknown field"),
        Refusal(
            method: .patch, uri: "/api/v1/event-tables/1", body: #"{"rows":[]}"#, status: .unprocessableContent, code: "invalid_field", field: "rows",
            rule: "must be an object"),
        Refusal(
            method: .put, uri: "/api/v1/snmp/agent", body: #"{"communities":[],"allowedNetworks":[],"users":[{"name":"nms","authPassphrase":"x"}]}"#,
            status: .unprocessableContent, code: "invalid_field", field: "users[0].privPassphrase", rule: "is required"),
        Refusal(
            method: .put, uri: "/api/v1/remote-maintenance", body: #"{"mode":"always"}"#, status: .unprocessableContent, code: "invalid_field",
            field: "mode", rule: "must be one of barred, one_off, permanent"),
        Refusal(
            method: .post, uri: "/api/v1/event-messages", body: #"{"type":"ntp_failed","parameters":{"cause":true}}"#, status: .unprocessableContent,
            code: "invalid_field", field: "parameters.cause", rule: "must be a string or a whole number"),
        Refusal(
            method: .patch, uri: "/api/v1/destinations/local_1", body: #"{"enabled":true,"smtp":{}}"#, status: .unprocessableContent,
            code: "unknown_field", field: "smtp", rule: "unknown field"),
        Refusal(
            method: .put, uri: "/api/v1/destination-kinds/local", body: #"{"on":1}"#, status: .unprocessableContent, code: "invalid_field", field: "on",
            rule: "must be true or false"),
    ]

    @Test("a refused body names the member's path and the rule, and appends nothing", arguments: refusals)
    func refusal(_ refusal: Refusal) async throws {
        let fixture = try AdminAPIFixture()
        let auth = try await AdminRouterTests.authorization(fixture)
        let head = fixture.log.head
        let app = Application(router: fixture.api.makeRouter())
        try await app.test(.router) { client in
            try await client.execute(uri: refusal.uri, method: refusal.method, headers: auth, body: ByteBuffer(string: refusal.body)) { response in
                #expect(response.status == refusal.status)
                let error = try JSONDecoder().decode(ErrorBody.self, from: Data(response.body.readableBytesView))
                #expect(error.code == refusal.code)
                #expect(error.details["field"] == refusal.field)
                if let rule = refusal.rule { #expect(error.details["rule"] == rule) }
            }
        }
        #expect(fixture.log.head == head)
        await fixture.tearDown()
    }

    /// A plug-in's settings are decoded by the plug-in, behind the same refusals: a fraction
    /// and an unknown member are named by their full path below the plug-in's member.
    @Test func aPluginsSettingsAreRefusedByTheirPath() async throws {
        let fixture = try AdminAPIFixture(destinationPlugins: SignalDestinationPlugins([SignalDestinationPlugin(SyslogSettings.self, adapter: nil)]))
        let auth = try await AdminRouterTests.authorization(fixture)
        let head = fixture.log.head
        let app = Application(router: fixture.api.makeRouter())
        let cases = [
            (#"{"syslog":{"transport":"udp","host":"127.0.0.1","port":514.5}}"#, "invalid_field", "syslog.port", "must be a whole number"),
            (#"{"syslog":{"transport":"udp","host":"127.0.0.1","port":514,"tag":"x"}}"#, "unknown_field", "syslog.tag", "unknown field"),
            (#"{"syslog":{"transport":"udp","host":"127.0.0.1"}}"#, "invalid_field", "syslog.port", "is required"),
        ]
        try await app.test(.router) { client in
            for (body, code, field, rule) in cases {
                try await client.execute(uri: "/api/v1/destinations/local_1", method: .patch, headers: auth, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .unprocessableContent, "\(body)")
                    let error = try JSONDecoder().decode(ErrorBody.self, from: Data(response.body.readableBytesView))
                    #expect(error.code == code && error.details["field"] == field && error.details["rule"] == rule, "\(body): \(error)")
                }
            }
        }
        #expect(fixture.log.head == head)
        await fixture.tearDown()
    }

    @Test("a patch tells an absent member (keep) from null (clear), as the CLI's model encodes it")
    func patchSemantics() async throws {
        let fixture = try AdminAPIFixture()
        let auth = try await AdminRouterTests.authorization(fixture)
        let app = Application(router: fixture.api.makeRouter())
        func send(_ method: HTTPRequest.Method, _ uri: String, _ body: some Encodable) async throws -> UserView {
            let bytes = ByteBuffer(bytes: try JSONEncoder().encode(body))
            return try await app.test(.router) { client in
                try await client.execute(uri: uri, method: method, headers: auth, body: bytes) { response in
                    #expect(response.status.code < 300)
                    return try JSONDecoder().decode(UserView.self, from: Data(response.body.readableBytesView))
                }
            }
        }
        let created = try await send(.post, "/api/v1/users", UserCreation(number: "101", name: "Ada", email: "ada@example.com", language: "de"))
        #expect(created.email == "ada@example.com" && created.language == "de")
        let kept = try await send(.put, "/api/v1/users/101", UserUpdate(name: "Ada L."))
        #expect(kept.name == "Ada L." && kept.email == "ada@example.com" && kept.language == "de")
        let cleared = try await send(.put, "/api/v1/users/101", UserUpdate(name: "Ada L.", email: .some(nil)))
        #expect(cleared.email == nil && cleared.language == "de")
        await fixture.tearDown()
    }
}
