import AdminModels
import Domain
import EventLog
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `GET /api/v1/registrations` and `/api/v1/sip/dos-protection` over fixed bindings and blocks
/// standing in for the call core, at explicit instants of a virtual clock.
@Suite struct RegistrationRouteTests {
    /// 2026-01-01T00:00:00Z.
    static let start: Int64 = 1_767_225_600_000_000
    static let second: Int64 = 1_000_000

    /// Terminal 1 (`desk-a`, user 201) with two contacts, terminal 2 (`desk-b`, user 202) with
    /// one, terminal 3 of no user, and a binding the registrar could not tie to a terminal, given
    /// in an order that is not the answer's.
    static let bindings = [
        RegistrationBinding(
            addressOfRecord: "sip:desk-b@callplane", contact: "sip:b@192.0.2.2:5062", expiresAt: start + 3600 * second, terminal: 2,
            source: "udp:192.0.2.2:5062"),
        RegistrationBinding(addressOfRecord: "sips:ghost@callplane", contact: "sip:ghost@192.0.2.9", expiresAt: start - 5 * second),
        RegistrationBinding(
            addressOfRecord: "sip:desk-a@callplane", contact: "sip:a2@192.0.2.1:5070;transport=tcp", expiresAt: start + 90 * second + 500_000,
            terminal: 1, source: "tcp:192.0.2.1:40001"),
        RegistrationBinding(
            addressOfRecord: "sip:desk-a@callplane", contact: "sip:a1@192.0.2.1:5060", expiresAt: start + 30 * second, terminal: 1,
            source: "udp:192.0.2.1:5060"),
        RegistrationBinding(addressOfRecord: "sip:lobby@callplane", contact: "sip:lobby@192.0.2.3", expiresAt: start + 60 * second, terminal: 3),
    ]

    static func decode<T: Decodable>(_ type: T.Type, _ buffer: ByteBuffer) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
    }

    /// Users 201 and 202 and terminals 1…3 as the bindings name them.
    static func configure(_ client: some TestClientProtocol, _ auth: HTTPFields) async throws {
        for (number, name) in [("201", "Ada"), ("202", "Ben")] {
            try await client.execute(
                uri: "/api/v1/users", method: .post, headers: auth, body: ByteBuffer(string: #"{"number":"\#(number)","name":"\#(name)"}"#)
            ) { #expect($0.status == .created) }
        }
        for (name, user) in [("desk-a", "\"201\""), ("desk-b", "\"202\""), ("lobby", "null")] {
            let body = #"{"kind":"standard_sip","registrationName":"\#(name)","password":"S3cret-pass","userNumber":\#(user)}"#
            try await client.execute(uri: "/api/v1/terminals", method: .post, headers: auth, body: ByteBuffer(string: body)) {
                #expect($0.status == .created)
            }
        }
    }

    @Test func theBindingsAreListedByTerminalThenContactWithTheirTerminalUserAndTimeLeft() async throws {
        let clock = VirtualWallClock(startingAt: Self.start)
        let fixture = try AdminAPIFixture(clock: clock, registrations: { Self.bindings })
        let auth = try await AdminRouterTests.authorization(fixture)
        let app = Application(router: fixture.api.makeRouter())
        try await app.test(.router) { client in
            try await Self.configure(client, auth)
            try await client.execute(uri: "/api/v1/registrations", method: .get, headers: auth) { response in
                #expect(response.status == .ok)
                let list = try Self.decode(RegistrationList.self, response.body).registrations
                #expect(
                    list.map(\.contact) == [
                        "sip:a1@192.0.2.1:5060", "sip:a2@192.0.2.1:5070;transport=tcp", "sip:b@192.0.2.2:5062", "sip:lobby@192.0.2.3", "sip:ghost@192.0.2.9",
                    ])
                #expect(list.map(\.terminal) == [1, 1, 2, 3, nil])
                #expect(list.map(\.registrationName) == ["desk-a", "desk-a", "desk-b", "lobby", "ghost"])
                #expect(list.map(\.userNumber) == ["201", "201", "202", nil, nil])
                #expect(list.map(\.transport) == ["udp", "tcp", "udp", nil, nil])
                #expect(list.map(\.source) == ["udp:192.0.2.1:5060", "tcp:192.0.2.1:40001", "udp:192.0.2.2:5062", nil, nil])
                #expect(list.map(\.secondsLeft) == [30, 90, 3600, 60, 0])
                #expect(list[1].expiresAt == "2026-01-01T00:01:30.500000Z")
                #expect(list[4].expiresAt == "2025-12-31T23:59:55.000000Z")
                #expect(list[0].addressOfRecord == "sip:desk-a@callplane")
            }
            // The clock moves, the bindings do not: the seconds left count down.
            clock.advance(byMicroseconds: 45 * Self.second)
            try await client.execute(uri: "/api/v1/registrations", method: .get, headers: auth) { response in
                let list = try Self.decode(RegistrationList.self, response.body).registrations
                #expect(list.map(\.secondsLeft) == [0, 45, 3555, 15, 0])
            }
        }
        await fixture.tearDown()
    }

    @Test func theFiltersKeepOneUsersOrOneTerminalsBindings() async throws {
        let fixture = try AdminAPIFixture(clock: VirtualWallClock(startingAt: Self.start), registrations: { Self.bindings })
        let auth = try await AdminRouterTests.authorization(fixture)
        let app = Application(router: fixture.api.makeRouter())
        try await app.test(.router) { client in
            try await Self.configure(client, auth)
            let cases: [(String, [String])] = [
                ("?user=201", ["sip:a1@192.0.2.1:5060", "sip:a2@192.0.2.1:5070;transport=tcp"]),
                ("?user=202", ["sip:b@192.0.2.2:5062"]),
                ("?user=999", []),
                ("?terminal=3", ["sip:lobby@192.0.2.3"]),
                ("?terminal=2&user=202", ["sip:b@192.0.2.2:5062"]),
                ("?terminal=2&user=201", []),
            ]
            for (query, contacts) in cases {
                try await client.execute(uri: "/api/v1/registrations" + query, method: .get, headers: auth) { response in
                    #expect(response.status == .ok, "\(query)")
                    let list = try Self.decode(RegistrationList.self, response.body).registrations
                    #expect(list.map(\.contact) == contacts, "\(query)")
                }
            }
            for query in ["?terminal=abc", "?terminal=0", "?terminal=-1"] {
                try await client.execute(uri: "/api/v1/registrations" + query, method: .get, headers: auth) { response in
                    #expect(response.status == .unprocessableContent, "\(query)")
                    #expect(AdminRouterTests.json(response.body)["code"] as? String == "invalid_parameter", "\(query)")
                }
            }
        }
        await fixture.tearDown()
    }

    /// Terminals registered now count once each however many contacts they have; no call is
    /// open, so the simultaneous calls used are 0.
    @Test func theCapacityCountsRegisteredTerminals() async throws {
        let fixture = try AdminAPIFixture(clock: VirtualWallClock(startingAt: Self.start), registrations: { Self.bindings })
        let auth = try await AdminRouterTests.authorization(fixture)
        let app = Application(router: fixture.api.makeRouter())
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/capacity", method: .get, headers: auth) { response in
                let limits = try Self.decode(CapacityList.self, response.body).limits
                let registered = try #require(limits.first { $0.limit == "registered_terminals" })
                #expect(registered.used == 4 && registered.max == 2400)
                let calls = try #require(limits.first { $0.limit == "simultaneous_calls" })
                #expect(calls.used == 0 && calls.max == 250)
            }
        }
        await fixture.tearDown()
    }

    @Test func dosProtectionShowsTheSettingsAndTheAddressesBlockedNow() async throws {
        let clock = VirtualWallClock(startingAt: Self.start)
        let blackList: [String: Int64] = [
            "203.0.113.9": Self.start + 600 * Self.second, "198.51.100.7": Self.start + 30 * Self.second, "2001:db8::5": Self.start - Self.second,
        ]
        let fixture = try AdminAPIFixture(clock: clock, dosBlackList: { blackList })
        let auth = try await AdminRouterTests.authorization(fixture)
        let app = Application(router: fixture.api.makeRouter())
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/sip/dos-protection", method: .get, headers: auth) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] == "\"0\"")
                let view = try Self.decode(DoSProtectionView.self, response.body)
                #expect(view.settings == DoSProtectionSettings())
                #expect(view.failedRegistrations == 20 && view.windowSeconds == 60 && view.blockSeconds == 600)
                #expect(
                    view.blocked == [
                        BlockedAddressView(address: "198.51.100.7", blockedUntil: "2026-01-01T00:00:30.000000Z"),
                        BlockedAddressView(address: "203.0.113.9", blockedUntil: "2026-01-01T00:10:00.000000Z"),
                    ])
            }
            clock.advance(byMicroseconds: 30 * Self.second)
            try await client.execute(uri: "/api/v1/sip/dos-protection", method: .get, headers: auth) { response in
                let view = try Self.decode(DoSProtectionView.self, response.body)
                #expect(view.blocked.map(\.address) == ["203.0.113.9"])
            }
        }
        await fixture.tearDown()
    }

    @Test func dosProtectionIsChangedAsAWholeAndRecordedWithItsActor() async throws {
        let fixture = try AdminAPIFixture()
        let auth = try await AdminRouterTests.authorization(fixture)
        let app = Application(router: fixture.api.makeRouter())
        let head = fixture.log.head
        let body =
            #"{"failedRegistrations":5,"transactions":0,"requestsWithoutSession":40,"modifiedMessages":7,"windowSeconds":30,"blockSeconds":900}"#
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/sip/dos-protection", method: .put, headers: auth, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[HTTPField.Name("Callplane-Position")!] == String(head + 1))
                #expect(response.headers[.eTag] == "\"1\"")
                let view = try Self.decode(DoSProtectionView.self, response.body)
                #expect(
                    view.settings
                        == DoSProtectionSettings(
                            failedRegistrations: 5, transactions: 0, requestsWithoutSession: 40, modifiedMessages: 7, windowSeconds: 30, blockSeconds: 900))
                #expect(view.version == 1 && view.blocked.isEmpty)
            }
            // The same settings again change nothing and record nothing.
            try await client.execute(uri: "/api/v1/sip/dos-protection", method: .put, headers: auth, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] == "\"1\"")
            }
            // A stale If-Match is a conflict.
            var stale = auth
            stale[.ifMatch] = "\"0\""
            try await client.execute(uri: "/api/v1/sip/dos-protection", method: .put, headers: stale, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .conflict)
                #expect(AdminRouterTests.json(response.body)["code"] as? String == "version_conflict")
            }
        }
        #expect(fixture.log.head == head + 1)
        let event = try #require(try fixture.log.event(at: head + 1))
        #expect(event.type == "sip.dosprotection.set" && event.stream == "dosprotection")
        #expect(event.actor == "admin" && event.source.hasSuffix("/http"))
        #expect(fixture.projection.current.state.dosProtection.blockSeconds == 900)
        await fixture.tearDown()
    }

    static let defaultMembers = [
        ("failedRegistrations", "20"), ("transactions", "30000"), ("requestsWithoutSession", "100"), ("modifiedMessages", "100"),
        ("windowSeconds", "60"), ("blockSeconds", "600"),
    ]

    /// The defaults with `key` set to the JSON text `value` (added when it is no member).
    static func body(_ key: String, _ value: String) -> String {
        var members = defaultMembers.filter { $0.0 != key }
        members.append((key, value))
        return "{" + members.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    @Test(
        "a refused change names the member and the rule, and records nothing",
        arguments: [
            ("windowSeconds", "0", "out_of_range", "windowSeconds", "dos_window_seconds"),
            ("windowSeconds", "3601", "out_of_range", "windowSeconds", "dos_window_seconds"),
            ("failedRegistrations", "100001", "out_of_range", "failedRegistrations", "dos_failed_registrations"),
            ("blockSeconds", "86401", "out_of_range", "blockSeconds", "dos_block_seconds"),
            ("transactions", "-1", "out_of_range", "transactions", "dos_transactions"),
            ("extra", "1", "unknown_field", "extra", nil),
            ("windowSeconds", "1.5", "invalid_field", "windowSeconds", nil),
            ("windowSeconds", "\"60\"", "invalid_field", "windowSeconds", nil),
        ])
    func refusedChanges(key: String, value: String, code: String, field: String, limit: String?) async throws {
        let fixture = try AdminAPIFixture()
        let auth = try await AdminRouterTests.authorization(fixture)
        let app = Application(router: fixture.api.makeRouter())
        let head = fixture.log.head
        let body = Self.body(key, value)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/sip/dos-protection", method: .put, headers: auth, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .unprocessableContent, "\(body)")
                let error = AdminRouterTests.json(response.body)
                #expect(error["code"] as? String == code, "\(error)")
                let details = error["details"] as? [String: Any]
                #expect(details?["field"] as? String == field, "\(error)")
                if let limit { #expect(details?["limit"] as? String == limit, "\(error)") }
            }
            // A PUT replaces the whole: a member left out is refused, not kept.
            try await client.execute(
                uri: "/api/v1/sip/dos-protection", method: .put, headers: auth, body: ByteBuffer(string: #"{"windowSeconds":60}"#)
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(AdminRouterTests.json(response.body)["code"] as? String == "invalid_field")
            }
        }
        #expect(fixture.log.head == head)
        await fixture.tearDown()
    }
}
