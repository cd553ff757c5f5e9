import AdminAPI
import ControlPlane
import Domain
import EventLog
import EventMessages
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// Issue 12, point 4: a destination kind's settings, their rules, their view and their adapter
/// come from one registration, here a plug-in this test module declares for the ATAS
/// destination. Its secret is sealed in the log and masked in the events API although neither
/// `EventJSON` nor anything else in the product names it.
@Suite struct FakeDestinationKindTests {
    static let password = "alarm-server-pass-1"

    @Test("a kind registered by a test module is configured, shown, masked and delivered to through its plug-in")
    func registeredKind() async throws {
        let built = Mutex<RecordingAlarmServer?>(nil)
        // The e-mail recipient's plug-in serves e-mail; the test's plug-in gives ATAS settings of
        // its own.
        let sealing = try SecretBox(key: SecretBox.generateKey())
        var plugins = SignalDestinationPlugins([SignalDestinationPlugin(EmailRecipient.self, adapter: nil)])
        plugins.register(
            SignalDestinationPlugin(AlarmServerDraft.self) { _, settings in
                let adapter = RecordingAlarmServer(settings: settings, password: try sealing.open(settings.password))
                built.withLock { $0 = adapter }
                return adapter
            })
        let fixture = try AdminAPIFixture(sealing: sealing, destinationPlugins: plugins)
        #expect(plugins.plugin(for: .atas)?.name == "alarmServer")
        #expect(plugins.plugin(for: .email)?.name == "address")
        #expect(plugins.adapterKinds == [.atas])

        let auth: HTTPFields = [.authorization: "Bearer " + (try await fixture.administratorToken())]
        let app = Application(router: fixture.api.makeRouter())
        try await app.test(.router) { client in
            // The plug-in's draft refuses what it does not have, with the member's full path.
            try await client.execute(
                uri: "/api/v1/destinations/atas", method: .patch, headers: auth,
                body: ByteBuffer(string: #"{"alarmServer": {"host": "alarms.example", "password": "x", "colour": "red"}}"#)
            ) { response in
                #expect(response.status == .unprocessableContent)
                let body = AdminRouterTests.json(response.body)
                #expect(body["code"] as? String == "unknown_field")
                #expect((body["details"] as? [String: String])?["field"] == "alarmServer.colour")
            }
            // ATAS no longer takes an address; e-mail still does.
            try await client.execute(
                uri: "/api/v1/destinations/atas", method: .patch, headers: auth, body: ByteBuffer(string: #"{"address": "alarms.example:4000"}"#)
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect((AdminRouterTests.json(response.body)["message"] as? String)?.contains("its settings are alarmServer") == true)
            }
            try await client.execute(
                uri: "/api/v1/destinations/email_1", method: .patch, headers: auth, body: ByteBuffer(string: #"{"address": "noc@example.com"}"#)
            ) { response in
                #expect(response.status == .ok)
                #expect(AdminRouterTests.json(response.body)["address"] as? String == "noc@example.com")
            }
            // A fraction is refused with the member it is in, before the draft sees it.
            try await client.execute(
                uri: "/api/v1/destinations/atas", method: .patch, headers: auth,
                body: ByteBuffer(string: #"{"alarmServer": {"host": "alarms.example", "port": 4000.5, "password": "p"}}"#)
            ) { response in
                #expect(response.status == .unprocessableContent)
                let details = AdminRouterTests.json(response.body)["details"] as? [String: String]
                #expect(details?["field"] == "alarmServer.port" && details?["rule"] == "must be a whole number")
            }
            // Its rules are the plug-in's, run by decide.
            try await client.execute(
                uri: "/api/v1/destinations/atas", method: .patch, headers: auth,
                body: ByteBuffer(string: #"{"alarmServer": {"host": "alarms.example", "port": 70000, "password": "p"}}"#)
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect((AdminRouterTests.json(response.body)["details"] as? [String: String])?["field"] == "alarmServer.port")
            }
            let body = #"{"enabled": true, "alarmServer": {"host": "alarms.example", "password": "\#(Self.password)"}}"#
            try await client.execute(uri: "/api/v1/destinations/atas", method: .patch, headers: auth, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
                let destination = AdminRouterTests.json(response.body)
                let view = try #require(destination["alarmServer"] as? [String: Any])
                #expect(view["host"] as? String == "alarms.example")
                #expect(view["port"] as? Int == 4000, "the draft's own default")
                #expect(view["passwordSet"] as? Bool == true)
                #expect(destination["address"] is NSNull)
                #expect(destination["configured"] as? Bool == true)
                #expect(!String(buffer: response.body).contains(Self.password))
            }
            // The same form again appends nothing: the plug-in kept the sealed password.
            let head = fixture.log.head
            try await client.execute(uri: "/api/v1/destinations/atas", method: .patch, headers: auth, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
            }
            #expect(fixture.log.head == head)
            // The log holds the password sealed; the events API shows it as [sealed].
            try await client.execute(uri: "/api/v1/events?type=destination.configured", method: .get, headers: auth) { response in
                #expect(response.status == .ok)
                #expect(!String(buffer: response.body).contains(Self.password))
                let events = try #require(AdminRouterTests.json(response.body)["events"] as? [[String: Any]])
                let atas = try #require(events.last { ($0["payload"] as? [String: Any])?["id"] as? String == "atas" })
                let settings = try #require((atas["payload"] as? [String: Any])?["settings"] as? [String: Any])
                let alarmServer = try #require(settings["alarmServer"] as? [String: Any])
                #expect(alarmServer["password"] as? String == "[sealed]")
                #expect(alarmServer["host"] as? String == "alarms.example")
                #expect(atas["schema"] as? Int == 2)
            }
            try await client.execute(uri: "/api/v1/destinations/atas/test", method: .post, headers: auth) { response in
                #expect(response.status == .created)
                let delivery = AdminRouterTests.json(response.body)["delivery"] as? [String: Any]
                #expect(delivery?["outcome"] as? String == "delivered")
            }
        }
        let stored = try #require(fixture.projection.current.state.eventMessages.destinations["atas"]?.settings(AlarmServerSettings.self))
        #expect(stored.password.text != Self.password && SealedSecret.isSealedForm(stored.password.text.utf8))

        // The engine built the plug-in's adapter from the settings and delivered the test message
        // before answering (issue 13, point 1).
        let adapter = try #require(built.withLock { $0 })
        #expect(adapter.settings.host == "alarms.example")
        #expect(adapter.password == Self.password, "the adapter opens the sealed password")
        #expect(adapter.deliveries.map(\.message.type) == [EventCatalogue.Key.testEventMessage])

        await fixture.tearDown()
    }
}
