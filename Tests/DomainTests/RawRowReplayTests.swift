import Domain
import EventLog
import Testing

@Suite("RawEventRow replay")
struct RawRowReplayTests {
    /// A realistic history produced by `decide`, so passwords are really sealed.
    static func history() throws -> [DomainEvent] {
        var state = SystemState()
        var events: [DomainEvent] = []
        func record(_ command: Command) throws {
            let decided = try state.decide(command, sealing: testSealing)
            for event in decided { state.apply(event) }
            events += decided
        }
        try record(.setSystemIdentity(SystemIdentity(name: "HQ", systemID: "VA-1", salesChannel: "Direct", country: "DE")))
        for n in 0..<30 {
            try record(.createUser(User(number: String(200 + n), name: "Nutzer \(n) – \"Ü\"", email: n % 2 == 0 ? "n\(n)@example.de" : nil, language: "de")))
            try record(
                .createTerminal(
                    TerminalDraft(
                        kind: n % 3 == 0 ? .standardSIP : .systemSIP, registrationName: "ph\(n)",
                        password: "pw-\(n)-secret", userNumber: String(200 + n),
                        macAddress: n % 4 == 0 ? "0000000000" + hex2(n) : nil)))
        }
        for n in stride(from: 0, to: 30, by: 5) {
            try record(.updateUser(number: String(200 + n), UserPatch(name: "Renamed \(n)", language: "fr")))
            try record(.updateTerminal(id: n + 1, TerminalPatch(userNumber: .some(nil))))
            try record(.deleteUser(number: String(200 + n)))
            try record(.deleteTerminal(id: n + 1))
        }
        return events
    }

    @Test("the byte path gives the same state as the String path")
    func samePath() throws {
        let events = try Self.history()
        var viaStrings = SystemState()
        var viaRows = SystemState()
        for event in events {
            let payload = event.canonicalPayload()
            if let decoded = try DomainEvent.decode(type: event.type, schema: event.schema, payload: payload) {
                viaStrings.apply(decoded)
            }
            try withRow(type: event.type, schema: event.schema, stream: event.stream, payload: payload) { try viaRows.apply($0) }
        }
        let direct = events.reduce(into: SystemState()) { $0.apply($1) }
        #expect(viaRows == viaStrings)
        #expect(viaRows == direct)
        #expect(viaRows.stateHash() == direct.stateHash())
        #expect(viaRows.users.count == 24)
    }

    @Test("rows of other modules are skipped; a broken domain row stops replay")
    func otherRows() throws {
        var state = SystemState()
        try withRow(type: "call.started", payload: #"{"code":17}"#) { try state.apply($0) }
        #expect(state == SystemState())
        #expect(throws: EventDecodingError.self) {
            try withRow(type: "user.created", payload: #"{"number":"1"}"#) { try state.apply($0) }
        }
        #expect(state == SystemState())
    }
}
