import Domain
import Testing

@Suite("State hash and snapshot")
struct StateHashTests {
    static let users = (0..<40).map { User(number: String(200 + $0), name: "User \($0)", email: "u\($0)@example.com", language: "en") }
    static let terminals = (1...30).map {
        Terminal(
            id: $0, kind: $0 % 2 == 0 ? .systemSIP : .standardSIP, registrationName: "t\($0)", password: sealedStub($0),
            userNumber: String(200 + $0), macAddress: $0 % 3 == 0 ? "00:00:00:00:00:" + hex2($0) : nil)
    }

    static func state(_ events: [DomainEvent]) -> SystemState {
        events.reduce(into: SystemState()) { $0.apply($1) }
    }

    static let forward: [DomainEvent] = users.map { .userCreated($0) } + terminals.map { .terminalCreated($0) }

    @Test("the same content in a different order hashes the same")
    func orderIndependent() {
        let a = Self.state(Self.forward)
        let b = Self.state(Self.forward.reversed())
        #expect(a.stateHash() == b.stateHash())
        #expect(a.canonicalEncoding() == b.canonicalEncoding())
        #expect(a.stateHash().count == 64)
        #expect(a.stateHash().allSatisfy { "0123456789abcdef".contains($0) })
    }

    @Test("one change gives a different hash")
    func changeDetected() {
        let base = Self.state(Self.forward)
        var renamed = base
        renamed.apply(.userUpdated(User(number: "200", name: "User 0!", email: "u0@example.com", language: "en")))
        var versionOnly = base
        versionOnly.apply(.userUpdated(Self.users[0]))
        #expect(base.stateHash() != renamed.stateHash())
        #expect(base.stateHash() != versionOnly.stateHash())
        #expect(renamed.stateHash() != versionOnly.stateHash())
    }

    @Test("a snapshot decodes to an equal state with the same hash")
    func snapshotRoundTrip() throws {
        var state = Self.state(Self.forward)
        state.apply(.systemIdentitySet(SystemIdentity(name: "Zürich / HQ \"1\"", systemID: "S", salesChannel: "", country: "CH")))
        let restored = try SystemState(canonicalEncoding: state.canonicalEncoding())
        #expect(restored == state)
        #expect(restored.stateHash() == state.stateHash())
        #expect(throws: (any Error).self) { _ = try SystemState(canonicalEncoding: Array("{".utf8)) }
    }

    @Test("the empty state has a fixed encoding and hash")
    func emptyState() {
        // Sorted-key JSON of an empty state (first-start destinations included, remote maintenance
        // barred, the SNMP agent granting nobody, no TLS certificate); its SHA-256 computed with
        // Python's hashlib.
        let expectedJSON =
            #"{"accessControl":{"accounts":{},"customProfiles":{},"remoteMaintenance":"barred","settings":{"idleTimeoutMinutes":15}},"eventMessages":{"active":{},"counters":{},"destinations":{"atas":{"enabled":false,"id":"atas","kind":"atas","table":6},"email_1":{"enabled":false,"id":"email_1","kind":"email","table":5},"email_2":{"enabled":false,"id":"email_2","kind":"email","table":5},"email_3":{"enabled":false,"id":"email_3","kind":"email","table":5},"email_4":{"enabled":false,"id":"email_4","kind":"email","table":5},"email_5":{"enabled":false,"id":"email_5","kind":"email","table":5},"event_log":{"enabled":true,"id":"event_log","kind":"event_log","table":4},"external":{"enabled":false,"id":"external","kind":"external","table":2},"local_1":{"enabled":false,"id":"local_1","kind":"local","table":3},"local_2":{"enabled":false,"id":"local_2","kind":"local","table":3},"local_3":{"enabled":false,"id":"local_3","kind":"local","table":3},"snmp_1":{"enabled":false,"id":"snmp_1","kind":"snmp","table":3},"snmp_2":{"enabled":false,"id":"snmp_2","kind":"snmp","table":3},"snmp_3":{"enabled":false,"id":"snmp_3","kind":"snmp","table":3},"snmp_4":{"enabled":false,"id":"snmp_4","kind":"snmp","table":3},"snmp_5":{"enabled":false,"id":"snmp_5","kind":"snmp","table":3},"srm":{"enabled":false,"id":"srm","kind":"srm","table":7},"system_phone_1":{"enabled":true,"id":"system_phone_1","kind":"system_phone","messageGroup":16,"table":1},"system_phone_2":{"enabled":true,"id":"system_phone_2","kind":"system_phone","messageGroup":15,"table":8}},"errorCounters":{},"eventLog":[],"floodCounts":{},"floodHour":0,"floodReported":false,"kindSwitches":{},"nextNumber":1,"powerFailures":[],"tableOverrides":{}},"identity":{"country":"","name":"Callplane","salesChannel":"","systemID":""},"nextTerminalID":1,"snmpAgent":{"allowedNetworks":["127.0.0.0/8","::1/128"],"communities":[],"users":[]},"streamVersions":{},"terminals":{},"tls":{"reportedExpiry":"valid"},"users":{}}"#
        #expect(String(decoding: SystemState().canonicalEncoding(), as: UTF8.self) == expectedJSON)
        #expect(SystemState().stateHash() == "f13b3fe794e3edbd775f501174bd7d88d65f17740760e65117ae50fe56d11375")
    }

    /// Issue 12, point 6: the hashed bytes come from the canonical writer's rules, not from
    /// `JSONEncoder` (which sorts keys numerically on some platforms and may change its escaping).
    @Test("the state's encoding sorts keys by bytes and escapes strings as the payload writer does")
    func canonicalRules() throws {
        var state = SystemState()
        for number in ["9", "10", "Zoe", "zoe", "ä"] {
            state.apply(.userCreated(User(number: number, name: "tab\there \"q\" / ü \u{1}", language: "de")))
        }
        let text = String(decoding: state.canonicalEncoding(), as: UTF8.self)
        let users = try #require(text.range(of: #""users":{"#))
        let order = ["\"10\":", "\"9\":", "\"Zoe\":", "\"zoe\":", "\"ä\":"].map { text.range(of: $0, range: users.upperBound..<text.endIndex)!.lowerBound }
        #expect(order == order.sorted(), "keys in ascending byte order: 10 < 9 < Zoe < zoe < ä")
        #expect(text.contains(#""name":"tab\there \"q\" / ü \u0001""#), "the payload writer's escaping, / and Unicode as they are")
        #expect(!text.contains(" :") && !text.contains(", "))
        // The same name in a payload is written with exactly the same bytes.
        let payload = DomainEvent.userCreated(User(number: "9", name: "tab\there \"q\" / ü \u{1}", language: "de")).canonicalPayload()
        #expect(payload.contains(#""name":"tab\there \"q\" / ü \u0001""#))
        #expect(try SystemState(canonicalEncoding: state.canonicalEncoding()) == state)
    }
}
