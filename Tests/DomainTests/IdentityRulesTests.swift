import Domain
import Testing

@Suite("System identity rules")
struct IdentityRulesTests {
    static func identity(name: String = "HQ", systemID: String = "", salesChannel: String = "", country: String = "") -> Command {
        .setSystemIdentity(SystemIdentity(name: name, systemID: systemID, salesChannel: salesChannel, country: country))
    }

    static let shortRule = "at most 32 printable characters"

    static let refused: [RefusalCase] = [
        RefusalCase(command: identity(name: ""), field: "name", rule: "1 to 64 characters, not blank, no control characters", label: "empty name"),
        RefusalCase(
            command: identity(name: String(repeating: "n", count: 65)), field: "name",
            rule: "1 to 64 characters, not blank, no control characters", label: "long name"),
        RefusalCase(command: identity(systemID: String(repeating: "1", count: 33)), field: "systemId", rule: shortRule, label: "long system id"),
        RefusalCase(command: identity(systemID: "a\u{0}b"), field: "systemId", rule: shortRule, label: "NUL in system id"),
        RefusalCase(command: identity(salesChannel: String(repeating: "s", count: 33)), field: "salesChannel", rule: shortRule, label: "long channel"),
        RefusalCase(command: identity(salesChannel: "a\rb"), field: "salesChannel", rule: shortRule, label: "CR in channel"),
        RefusalCase(command: identity(country: "XX"), field: "country", rule: "empty or an ISO 3166-1 alpha-2 code such as CH", label: "unassigned code"),
        RefusalCase(command: identity(country: "CHE"), field: "country", rule: "empty or an ISO 3166-1 alpha-2 code such as CH", label: "alpha-3"),
    ]

    @Test("each field rule refuses with its field and rule text", arguments: refused)
    func refusesField(_ test: RefusalCase) throws {
        let error = try #require(refusal(test.command, in: SystemState()))
        #expect(error.kind == .validation)
        #expect(error.details["field"] == test.field)
        #expect(error.details["rule"] == test.rule)
    }

    @Test("country is normalised to upper case; setting the same identity again decides nothing")
    func setIdentity() throws {
        var state = SystemState()
        let events = try run(Self.identity(name: "Zürich HQ", systemID: "VA-42", salesChannel: "Partner", country: "ch"), on: &state)
        #expect(events == [.systemIdentitySet(SystemIdentity(name: "Zürich HQ", systemID: "VA-42", salesChannel: "Partner", country: "CH"))])
        #expect(state.identity.country == "CH")
        #expect(
            try state.decide(
                Self.identity(name: "Zürich HQ", systemID: "VA-42", salesChannel: "Partner", country: "CH"),
                sealing: testSealing
            ).isEmpty)
        #expect(state.version(ofStream: "system") == 1)
    }

    /// Issue 13, point 9: the SNMPv3 engine ID is made of the system id, so once an
    /// installation has one it may be changed but not cleared.
    @Test("a system id once set cannot be cleared")
    func systemIDStays() throws {
        var state = SystemState()
        _ = try run(Self.identity(systemID: "CP-0123456789abcdef01234567"), on: &state)
        let error = try #require(refusal(Self.identity(systemID: ""), in: state))
        #expect(error.details["field"] == "systemId")
        #expect(error.details["rule"]?.contains("cannot be cleared") == true)
        #expect(try run(Self.identity(systemID: "VA-42"), on: &state).count == 1)
    }
}
