import Domain
import Testing

@Suite("Event payloads")
struct PayloadTests {
    static let samples: [DomainEvent] = [
        .systemIdentitySet(SystemIdentity(name: "Head office", systemID: "VA-0001", salesChannel: "Partner AG", country: "CH")),
        .systemIdentitySet(SystemIdentity(name: "Empty fields", systemID: "", salesChannel: "", country: "")),
        .userCreated(User(number: "101", name: "Anna Muster", email: "anna@example.com", language: "de")),
        .userCreated(User(number: "7", name: "Zoë \"Z\" \\ Ørsted\n\t\u{01}😀", email: nil, language: "da")),
        .userUpdated(User(number: "101", name: "Anna Beispiel", email: nil, language: "fr")),
        .userDeleted(number: "101"),
        .terminalCreated(
            Terminal(
                id: 1, kind: .systemSIP, registrationName: "desk.1", password: SealedSecret(text: "v1:abc+/="),
                userNumber: "101", macAddress: "00:1A:2B:3C:4D:5E")),
        .terminalCreated(Terminal(id: 2, kind: .standardSIP, registrationName: "lobby", password: SealedSecret(text: "v1:x"))),
        .terminalUpdated(
            Terminal(
                id: 2, kind: .standardSIP, registrationName: "lobby_2", password: SealedSecret(text: "v1:y"),
                userNumber: "7", macAddress: nil)),
        .terminalDeleted(id: 2),
    ]

    /// Every type is walked by EveryEventTypeTests; these samples add escapes and absent optionals.
    @Test("identity, user and terminal events survive encode → decode (String path)", arguments: samples)
    func roundTrip(_ event: DomainEvent) throws {
        let decoded = try DomainEvent.decode(type: event.type, schema: event.schema, payload: event.canonicalPayload())
        #expect(decoded == event)
    }

    @Test("identity, user and terminal events survive encode → decode (RawEventRow path)", arguments: samples)
    func roundTripRaw(_ event: DomainEvent) throws {
        let decoded = try withRow(
            type: event.type, schema: event.schema, stream: event.stream,
            payload: event.canonicalPayload()
        ) { try DomainEvent.decode($0) }
        #expect(decoded == event)
    }

    @Test("types, streams and schemas")
    func envelopeFields() {
        let user = User(number: "205", name: "B")
        let terminal = Terminal(id: 42, kind: .systemSIP, registrationName: "t", password: SealedSecret(text: "v1:"))
        #expect(DomainEvent.systemIdentitySet(SystemIdentity()).type == "system.identity.set")
        #expect(DomainEvent.systemIdentitySet(SystemIdentity()).stream == "system")
        #expect(DomainEvent.userCreated(user).type == "user.created")
        #expect(DomainEvent.userUpdated(user).type == "user.updated")
        #expect(DomainEvent.userDeleted(number: "205").type == "user.deleted")
        #expect(DomainEvent.userUpdated(user).stream == "user/205")
        #expect(DomainEvent.userDeleted(number: "205").stream == "user/205")
        #expect(DomainEvent.terminalCreated(terminal).type == "terminal.created")
        #expect(DomainEvent.terminalUpdated(terminal).type == "terminal.updated")
        #expect(DomainEvent.terminalDeleted(id: 42).type == "terminal.deleted")
        #expect(DomainEvent.terminalCreated(terminal).stream == "terminal/42")
        #expect(DomainEvent.terminalDeleted(id: 42).stream == "terminal/42")
        #expect(Self.samples.allSatisfy { $0.schema == 1 })
    }

    // The expected texts below are written by hand from the canonical rules (sorted keys, no
    // white space, minimal escapes, absent optionals omitted), not produced by the code.

    @Test("user payload is exactly canonical, with escapes")
    func canonicalUser() {
        let event = DomainEvent.userCreated(
            User(
                number: "101", name: "Anna \"Nan\" O\\Brien\n\t\u{01}é/x",
                email: "anna@example.com", language: "de"))
        #expect(
            event.canonicalPayload()
                == #"{"email":"anna@example.com","language":"de","name":"Anna \"Nan\" O\\Brien\n\t\u0001é/x","number":"101"}"#)
    }

    @Test("terminal payload is exactly canonical; absent optionals are omitted")
    func canonicalTerminal() {
        let full = DomainEvent.terminalCreated(
            Terminal(
                id: 7, kind: .standardSIP, registrationName: "desk-7",
                password: SealedSecret(text: "v1:AAAA"), userNumber: "101",
                macAddress: "00:1A:2B:3C:4D:5E"))
        #expect(
            full.canonicalPayload()
                == #"{"id":7,"kind":"standard_sip","macAddress":"00:1A:2B:3C:4D:5E","password":"v1:AAAA","registrationName":"desk-7","userNumber":"101"}"#)
        let bare = DomainEvent.terminalUpdated(
            Terminal(
                id: 12, kind: .systemSIP, registrationName: "a",
                password: SealedSecret(text: "v1:B")))
        #expect(bare.canonicalPayload() == #"{"id":12,"kind":"system_sip","password":"v1:B","registrationName":"a"}"#)
        #expect(
            DomainEvent.userCreated(User(number: "9", name: "N", language: "en")).canonicalPayload()
                == #"{"language":"en","name":"N","number":"9"}"#)
    }

    @Test("identity and deletion payloads are exactly canonical")
    func canonicalOthers() {
        #expect(
            DomainEvent.systemIdentitySet(SystemIdentity(name: "HQ", systemID: "S-1", salesChannel: "", country: "CH"))
                .canonicalPayload() == #"{"country":"CH","name":"HQ","salesChannel":"","systemId":"S-1"}"#)
        #expect(DomainEvent.userDeleted(number: "101").canonicalPayload() == #"{"number":"101"}"#)
        #expect(DomainEvent.terminalDeleted(id: 2400).canonicalPayload() == #"{"id":2400}"#)
    }
}
