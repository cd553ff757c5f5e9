import Domain
import Testing

@Suite("apply")
struct ApplyTests {
    @Test("a sequence of events folds into the expected state")
    func sequence() {
        let anna = User(number: "101", name: "Anna", email: "anna@example.com", language: "de")
        let annaRenamed = User(number: "101", name: "Anna B", email: nil, language: "de")
        let ben = User(number: "102", name: "Ben")
        let t1 = Terminal(id: 1, kind: .systemSIP, registrationName: "a", password: sealedStub(1), userNumber: "101")
        let t5 = Terminal(id: 5, kind: .standardSIP, registrationName: "e", password: sealedStub(5))
        let t5moved = Terminal(
            id: 5, kind: .standardSIP, registrationName: "e", password: sealedStub(6), userNumber: "102",
            macAddress: "AA:BB:CC:DD:EE:FF")
        let identity = SystemIdentity(name: "HQ", systemID: "S", salesChannel: "C", country: "CH")
        let events: [DomainEvent] = [
            .systemIdentitySet(identity),
            .userCreated(anna), .userCreated(ben), .userUpdated(annaRenamed),
            .terminalCreated(t1), .terminalCreated(t5), .terminalUpdated(t5moved),
            .terminalDeleted(id: 1), .userDeleted(number: "101"),
        ]
        let state = events.reduce(into: SystemState()) { $0.apply($1) }

        var expected = SystemState()
        expected.identity = identity
        expected.users = ["102": ben]
        expected.terminals = ["5": t5moved]
        expected.nextTerminalID = 6
        expected.streamVersions = ["system": 1, "user/101": 3, "user/102": 1, "terminal/1": 2, "terminal/5": 2]
        #expect(state == expected)
        #expect(state.version(ofStream: "user/101") == 3)
        #expect(state.version(ofStream: "user/999") == 0)
        #expect(state.user("102") == ben)
        #expect(state.terminal(id: 5) == t5moved)
        #expect(state.terminal(id: 1) == nil)
        #expect(state.terminals(ofUser: "102") == [t5moved])
        #expect(state.usage(of: .standardSIPTerminals) == 1)
        #expect(state.usage(of: .userAccounts) == 0)
        #expect(state.usage(of: .logEntriesPerUserAccount) == nil)
    }

    @Test("nextTerminalID never moves back, and ids are not reused after a delete")
    func nextID() throws {
        var state = SystemState()
        state.apply(.terminalCreated(Terminal(id: 9, kind: .systemSIP, registrationName: "n", password: sealedStub(9))))
        state.apply(.terminalCreated(Terminal(id: 3, kind: .systemSIP, registrationName: "t", password: sealedStub(3))))
        #expect(state.nextTerminalID == 10)
        state.apply(.terminalDeleted(id: 9))
        #expect(state.nextTerminalID == 10)
        let events = try state.decide(
            .createTerminal(TerminalDraft(kind: .systemSIP, registrationName: "new", password: "12345678")),
            sealing: testSealing)
        #expect(events.first?.stream == "terminal/10")
        #expect(Command.createTerminal(TerminalDraft(kind: .systemSIP, registrationName: "x", password: "y")).stream(in: state) == "terminal/10")
    }

    @Test("apply is total: deleting what is not there still counts the stream version")
    func total() {
        var state = SystemState()
        state.apply(.userDeleted(number: "1"))
        state.apply(.terminalDeleted(id: 4))
        #expect(state.users.isEmpty && state.terminals.isEmpty)
        #expect(state.streamVersions == ["user/1": 1, "terminal/4": 1])
    }
}
