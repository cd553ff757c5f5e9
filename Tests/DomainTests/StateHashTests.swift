import Domain
import Testing

@Suite("State hash and snapshot")
struct StateHashTests {
    static let users = (0..<40).map { User(number: String(200 + $0), name: "User \($0)", email: "u\($0)@example.com", language: "en") }
    static let terminals = (1...30).map {
        Terminal(id: $0, kind: $0 % 2 == 0 ? .systemSIP : .standardSIP, registrationName: "t\($0)", password: sealedStub($0),
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
        // Hand-written sorted-key JSON of an empty state; its SHA-256 computed with sha256sum.
        let expectedJSON = #"{"identity":{"country":"","name":"Callplane","salesChannel":"","systemID":""},"nextTerminalID":1,"streamVersions":{},"terminals":{},"users":{}}"#
        #expect(String(decoding: SystemState().canonicalEncoding(), as: UTF8.self) == expectedJSON)
        #expect(SystemState().stateHash() == "11c88a0104376914f1e83719e606d624f162faafde2d545a7cd73f8ba87e7e33")
    }
}
