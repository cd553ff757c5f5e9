import Domain
import Testing

@Suite("Terminal rules")
struct TerminalRulesTests {
    static let nameRule = "1 to 32 characters from A-Z a-z 0-9 . _ -"
    static let passwordRule = "8 to 64 printable ASCII characters"
    static let macRule = "6 hex byte pairs: aabbccddeeff, AA-BB-CC-DD-EE-FF or AA:BB:CC:DD:EE:FF"
    static let userRule = "must be the call number of an existing user"

    static func draft(
        name: String = "desk", password: String = "secret-123", user: String? = nil, mac: String? = nil,
        kind: TerminalKind = .systemSIP
    ) -> Command {
        .createTerminal(TerminalDraft(kind: kind, registrationName: name, password: password, userNumber: user, macAddress: mac))
    }

    /// One user `101` with terminal 1 (`desk`, MAC 00:11:22:33:44:55) assigned.
    static func seeded() throws -> SystemState {
        var state = SystemState()
        try run(.createUser(User(number: "101", name: "Anna")), on: &state)
        try run(draft(name: "desk", user: "101", mac: "00:11:22:33:44:55"), on: &state)
        return state
    }

    static let refused: [RefusalCase] = [
        RefusalCase(command: draft(name: ""), field: "registrationName", rule: nameRule, label: "empty name"),
        RefusalCase(command: draft(name: String(repeating: "a", count: 33)), field: "registrationName", rule: nameRule, label: "33 characters"),
        RefusalCase(command: draft(name: "desk 1"), field: "registrationName", rule: nameRule, label: "space"),
        RefusalCase(command: draft(name: "desk@x"), field: "registrationName", rule: nameRule, label: "at sign"),
        RefusalCase(command: draft(name: "bür"), field: "registrationName", rule: nameRule, label: "umlaut"),
        RefusalCase(command: draft(password: "short12"), field: "password", rule: passwordRule, label: "7 characters"),
        RefusalCase(command: draft(password: String(repeating: "p", count: 65)), field: "password", rule: passwordRule, label: "65 characters"),
        RefusalCase(command: draft(password: "pässwort1"), field: "password", rule: passwordRule, label: "non-ASCII"),
        RefusalCase(command: draft(password: "pass\tword1"), field: "password", rule: passwordRule, label: "tab"),
        RefusalCase(command: draft(mac: "00:11:22:33:44"), field: "macAddress", rule: macRule, label: "5 pairs"),
        RefusalCase(command: draft(mac: "00:11:22:33:44:5G"), field: "macAddress", rule: macRule, label: "non-hex"),
        RefusalCase(command: draft(mac: "00:11-22:33:44:55"), field: "macAddress", rule: macRule, label: "mixed separators"),
        RefusalCase(command: draft(mac: "001122334455aa"), field: "macAddress", rule: macRule, label: "14 digits"),
        RefusalCase(command: draft(mac: "0011.2233.4455"), field: "macAddress", rule: macRule, label: "dotted"),
        RefusalCase(command: draft(user: "999"), field: "userNumber", rule: userRule, label: "unknown user"),
    ]

    @Test("each field rule refuses with its field and rule text", arguments: refused)
    func refusesField(_ test: RefusalCase) throws {
        let error = try #require(refusal(test.command, in: try Self.seeded()))
        #expect(error.kind == .validation)
        #expect(error.details["field"] == test.field)
        #expect(error.details["rule"] == test.rule)
    }

    @Test("created terminal: next id, sealed password, normalised MAC")
    func create() throws {
        var state = try Self.seeded()
        let events = try run(
            Self.draft(name: "Phone_2.b-c", password: "pass word!", user: "101", mac: "aabbccddeeff", kind: .standardSIP),
            on: &state)
        guard case .terminalCreated(let terminal) = events.first, events.count == 1 else {
            Issue.record("expected one terminal.created, got \(events)")
            return
        }
        #expect(terminal.id == 2)
        #expect(terminal.kind == .standardSIP)
        #expect(terminal.macAddress == "AA:BB:CC:DD:EE:FF")
        #expect(terminal.userNumber == "101")
        #expect(terminal.password.text.hasPrefix("v1:"))
        #expect(!terminal.password.text.contains("pass word!"))
        #expect(!events[0].canonicalPayload().contains("pass word!"))
        #expect(try testSealing.open(terminal.password) == "pass word!")
        #expect(state.nextTerminalID == 3)
        #expect(state.terminals(ofUser: "101").map(\.id) == [1, 2])

        try run(Self.draft(name: "x3", mac: "AA-BB-CC-DD-EE-0f"), on: &state)
        #expect(state.terminal(id: 3)?.macAddress == "AA:BB:CC:DD:EE:0F")
    }

    @Test("registration names are unique ignoring case")
    func nameTaken() throws {
        let state = try Self.seeded()
        let error = try #require(refusal(Self.draft(name: "DESK"), in: state))
        #expect(error.kind == .conflict)
        #expect(error.code == "registration_name_taken")
        #expect(error.details["field"] == "registrationName")
        #expect(error.details["terminal"] == "1")
    }

    @Test("MAC addresses are unique in every spelling")
    func macTaken() throws {
        let state = try Self.seeded()
        for spelling in ["001122334455", "00-11-22-33-44-55", "00:11:22:33:44:55"] {
            let error = try #require(refusal(Self.draft(name: "other", mac: spelling), in: state))
            #expect(error.code == "mac_address_taken")
            #expect(error.details["field"] == "macAddress")
        }
    }

    @Test("the 17th terminal of a user is refused, on create and on reassignment")
    func terminalsPerUser() throws {
        var state = SystemState()
        try run(.createUser(User(number: "101", name: "Anna")), on: &state)
        try run(.createUser(User(number: "102", name: "Ben")), on: &state)
        for n in 1...16 {
            try run(Self.draft(name: "t\(n)", user: "101"), on: &state)
        }
        let error = try #require(refusal(Self.draft(name: "t17", user: "101"), in: state))
        #expect(error.kind == .capacityExceeded)
        #expect(error.details["limit"] == "terminals_per_user")
        #expect(error.details["max"] == "16")

        try run(Self.draft(name: "spare", user: "102"), on: &state)
        let reassign = try #require(refusal(.updateTerminal(id: 17, TerminalPatch(userNumber: .some("101"))), in: state))
        #expect(reassign.details["limit"] == "terminals_per_user")
        // Patching a terminal already assigned to the full user keeps working.
        try run(.updateTerminal(id: 1, TerminalPatch(registrationName: "t1-renamed", userNumber: .some("101"))), on: &state)
        #expect(state.terminal(id: 1)?.registrationName == "t1-renamed")
    }

    @Test("per-kind and total terminal limits are read from the capacity table")
    func kindAndTotalLimits() throws {
        var state = SystemState()
        for id in 1...1200 {
            state.apply(.terminalCreated(Terminal(id: id, kind: .standardSIP, registrationName: "s\(id)", password: sealedStub(id))))
        }
        let error = try #require(refusal(Self.draft(name: "one-more", kind: .standardSIP), in: state))
        #expect(error.details["limit"] == "standard_sip_terminals")
        #expect(error.details["max"] == "1200")
        #expect(refusal(Self.draft(name: "one-more", kind: .systemSIP), in: state) == nil)

        for id in 1201...2400 {
            state.apply(.terminalCreated(Terminal(id: id, kind: .systemSIP, registrationName: "y\(id)", password: sealedStub(id))))
        }
        #expect(state.usage(of: .terminals) == 2400)
        #expect(state.usage(of: .systemSIPTerminals) == 1200)
        let total = try #require(refusal(Self.draft(name: "one-more", kind: .systemSIP), in: state))
        #expect(total.details["limit"] == "terminals")
        #expect(total.details["max"] == "2400")
    }

    @Test("patch: changed fields follow the creation rules; .some(nil) unassigns and clears")
    func patch() throws {
        var state = try Self.seeded()
        try run(Self.draft(name: "second", mac: "AA:AA:AA:AA:AA:AA"), on: &state)

        #expect(refusal(.updateTerminal(id: 2, TerminalPatch(registrationName: "Desk")), in: state)?.code == "registration_name_taken")
        #expect(refusal(.updateTerminal(id: 2, TerminalPatch(macAddress: .some("00-11-22-33-44-55"))), in: state)?.code == "mac_address_taken")
        #expect(refusal(.updateTerminal(id: 2, TerminalPatch(password: "short")), in: state)?.details["field"] == "password")
        #expect(refusal(.updateTerminal(id: 2, TerminalPatch(userNumber: .some("555"))), in: state)?.details["field"] == "userNumber")
        #expect(refusal(.updateTerminal(id: 2, TerminalPatch(macAddress: .some("zz"))), in: state)?.details["field"] == "macAddress")
        #expect(refusal(.updateTerminal(id: 99, TerminalPatch()), in: state)?.code == "terminal_not_found")
        #expect(refusal(.deleteTerminal(id: 99), in: state)?.kind == .notFound)

        // Its own name in another case and its own MAC in another spelling are not conflicts.
        try run(.updateTerminal(id: 1, TerminalPatch(registrationName: "DESK", macAddress: .some("001122334455"))), on: &state)
        #expect(state.terminal(id: 1)?.registrationName == "DESK")

        try run(.updateTerminal(id: 1, TerminalPatch(userNumber: .some(nil), macAddress: .some(nil))), on: &state)
        #expect(state.terminal(id: 1)?.userNumber == nil)
        #expect(state.terminal(id: 1)?.macAddress == nil)
        #expect(state.terminals(ofUser: "101").isEmpty)

        try run(.updateTerminal(id: 1, TerminalPatch(password: "new-secret")), on: &state)
        #expect(try testSealing.open(state.terminal(id: 1)!.password) == "new-secret")
    }

    @Test("a patch that changes nothing decides no events")
    func unchangedPatch() throws {
        let state = try Self.seeded()
        #expect(try state.decide(.updateTerminal(id: 1, TerminalPatch()), sealing: testSealing).isEmpty)
        #expect(
            try state.decide(
                .updateTerminal(
                    id: 1,
                    TerminalPatch(
                        registrationName: "desk", password: "secret-123",
                        userNumber: .some("101"), macAddress: .some("00-11-22-33-44-55"))),
                sealing: testSealing
            ).isEmpty)
    }
}
