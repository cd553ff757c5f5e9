import Testing

@testable import Telephony

/// RFC 3261 §10.3 on the registrar's table: bindings made, refreshed without a change, removed
/// one by one or all at once, refused when too brief or out of order, lapsing at their expiry,
/// and the limit of contacts per terminal.
@Suite struct RegistrationTableTests {
    static let second: Int64 = 1_000_000
    static let expiry = 60...3600

    func register(
        _ table: inout RegistrationTable, _ request: RegistrationTable.Request, callID: String = "c1", cseq: UInt32, now: Int64 = 0,
        terminal: Int = 1, registeredTerminals: Int = 2_400, source: String = "udp:192.0.2.7:5060"
    ) throws(RegistrationTable.Refusal) -> [RegistrationTable.Change] {
        try table.register(
            terminal: terminal, registrationName: "t\(terminal)", request, callID: callID, cseq: cseq, source: source, now: now,
            expiry: Self.expiry, contactsPerTerminal: 2, registeredTerminals: registeredTerminals)
    }

    @Test func aNewContactIsBoundAndARefreshChangesNothingTheLogRecords() throws {
        var table = RegistrationTable()
        let first = try register(&table, .update([.init(contact: "sip:a@192.0.2.7", expires: 600)]), cseq: 1)
        #expect(first.count == 1)
        guard case .bound(let binding) = first.first else { throw Failure("not bound: \(first)") }
        #expect(binding.expiresAt == 600 * Self.second && binding.terminal == 1 && binding.source == "udp:192.0.2.7:5060")
        let refresh = try register(&table, .update([.init(contact: "sip:a@192.0.2.7", expires: 600)]), cseq: 2, now: 300 * Self.second)
        #expect(refresh.isEmpty)
        #expect(table.bindings(of: 1).map(\.expiresAt) == [900 * Self.second])
    }

    @Test func expiryIsShortenedToTheMaximumAndTooBriefIsRefused() throws {
        var table = RegistrationTable()
        _ = try register(&table, .update([.init(contact: "sip:a@192.0.2.7", expires: 86_400)]), cseq: 1)
        #expect(table.bindings(of: 1).first?.expiresAt == Int64(Self.expiry.upperBound) * Self.second)
        #expect(throws: RegistrationTable.Refusal.intervalTooBrief(minimum: Self.expiry.lowerBound)) {
            _ = try register(&table, .update([.init(contact: "sip:b@192.0.2.7", expires: Self.expiry.lowerBound - 1)]), cseq: 2)
        }
        #expect(table.bindings(of: 1).count == 1, "a refused REGISTER changes nothing")
    }

    @Test func expiresZeroRemovesOneAndTheWildcardRemovesAll() throws {
        var table = RegistrationTable()
        _ = try register(
            &table, .update([.init(contact: "sip:a@192.0.2.7", expires: 600), .init(contact: "sip:b@192.0.2.7", expires: 600)]), cseq: 1)
        let one = try register(&table, .update([.init(contact: "sip:a@192.0.2.7", expires: 0)]), cseq: 2)
        #expect(one.map(\.binding.contact) == ["sip:a@192.0.2.7"])
        guard case .removed(_, .unregistered) = one.first else { throw Failure("\(one)") }
        let all = try register(&table, .removeAll, callID: "other", cseq: 1)
        #expect(all.map(\.binding.contact) == ["sip:b@192.0.2.7"])
        #expect(table.bindings(of: 1).isEmpty)
    }

    /// §10.3 step 7: with the same Call-ID only a higher CSeq updates; the same CSeq is the same
    /// request again; another Call-ID always updates.
    @Test func anOlderRegisterCannotUndoANewerOne() throws {
        var table = RegistrationTable()
        _ = try register(&table, .update([.init(contact: "sip:a@192.0.2.7", expires: 600)]), cseq: 5)
        #expect(throws: RegistrationTable.Refusal.outOfOrder) {
            _ = try register(&table, .update([.init(contact: "sip:a@192.0.2.7", expires: 0)]), cseq: 4)
        }
        #expect(try register(&table, .update([.init(contact: "sip:a@192.0.2.7", expires: 0)]), cseq: 5).isEmpty)
        #expect(table.bindings(of: 1).count == 1)
        let other = try register(&table, .update([.init(contact: "sip:a@192.0.2.7", expires: 0)]), callID: "c2", cseq: 1)
        #expect(other.count == 1 && table.bindings(of: 1).isEmpty)
    }

    @Test func aContactBeyondTheLimitReplacesTheOneThatExpiresFirst() throws {
        var table = RegistrationTable()
        _ = try register(&table, .update([.init(contact: "sip:a@192.0.2.7", expires: 600)]), cseq: 1)
        _ = try register(&table, .update([.init(contact: "sip:b@192.0.2.7", expires: 900)]), cseq: 2)
        let third = try register(&table, .update([.init(contact: "sip:c@192.0.2.7", expires: 300)]), cseq: 3)
        #expect(third.count == 2)
        #expect(
            third.contains(
                .removed(
                    RegistrationTable.Binding(
                        terminal: 1, registrationName: "t1", contact: "sip:a@192.0.2.7", expiresAt: 600 * Self.second, callID: "c1", cseq: 1,
                        source: "udp:192.0.2.7:5060"), reason: .replaced)))
        #expect(Set(table.bindings(of: 1).map(\.contact)) == ["sip:b@192.0.2.7", "sip:c@192.0.2.7"])
        #expect(throws: RegistrationTable.Refusal.tooManyContacts(maximum: 2)) {
            _ = try register(&table, .update((0..<3).map { .init(contact: "sip:x\($0)@192.0.2.7", expires: 600) }), cseq: 4)
        }
    }

    @Test func bindingsLapseAtTheirExpiryAndATerminalsGoAtOnce() throws {
        var table = RegistrationTable()
        _ = try register(&table, .update([.init(contact: "sip:a@192.0.2.7", expires: 600)]), cseq: 1)
        _ = try register(&table, .update([.init(contact: "sip:b@192.0.2.8", expires: 1200)]), cseq: 1, terminal: 2)
        _ = try register(&table, .update([.init(contact: "sip:c@192.0.2.9", expires: 1200)]), cseq: 1, terminal: 3)
        #expect(table.expire(now: 600 * Self.second - 1).isEmpty)
        let lapsed = table.expire(now: 600 * Self.second)
        #expect(lapsed.map(\.binding.contact) == ["sip:a@192.0.2.7"])
        guard case .removed(_, .expired) = lapsed.first else { throw Failure("\(lapsed)") }
        let deleted = table.remove(terminal: 2, reason: .terminalDeleted)
        #expect(deleted.count == 1)
        guard case .removed(_, .terminalDeleted) = deleted.first else { throw Failure("\(deleted)") }
        #expect(Set(table.registeredTerminals) == [3])
    }

    /// Manual Tab. 14: a new terminal is refused once as many are registered as the system takes;
    /// one already registered still refreshes, and a terminal that leaves makes room.
    @Test func aNewTerminalBeyondTheRegisteredTerminalsLimitIsRefused() throws {
        var table = RegistrationTable()
        let contact = RegistrationTable.Request.update([.init(contact: "sip:a@192.0.2.7", expires: 600)])
        _ = try register(&table, contact, cseq: 1, terminal: 1, registeredTerminals: 2)
        _ = try register(&table, contact, cseq: 1, terminal: 2, registeredTerminals: 2)
        #expect(throws: RegistrationTable.Refusal.tooManyTerminals(maximum: 2)) {
            try register(&table, contact, cseq: 1, terminal: 3, registeredTerminals: 2)
        }
        #expect(try register(&table, contact, cseq: 2, terminal: 2, registeredTerminals: 2).isEmpty)
        _ = try register(&table, .removeAll, cseq: 3, terminal: 2, registeredTerminals: 2)
        #expect(try register(&table, contact, cseq: 2, terminal: 3, registeredTerminals: 2).count == 1)
    }

    /// A request is tied to the terminal registered from its source only while that is one
    /// terminal; the index follows refreshes from a new source, expiry, removal and unregistering.
    @Test func theSourceNamesItsTerminalOnlyWhileItIsTheOnlyOne() throws {
        var table = RegistrationTable()
        let phone = "udp:192.0.2.7:5060"
        let adapter = "udp:192.0.2.9:5060"
        _ = try register(&table, .update([.init(contact: "sip:a@192.0.2.7", expires: 600)]), cseq: 1, terminal: 1, source: phone)
        #expect(table.terminal(registeredFrom: phone) == 1)
        #expect(table.terminal(registeredFrom: adapter) == nil)
        // Two lines of one adapter over one socket: the source no longer says which calls.
        _ = try register(&table, .update([.init(contact: "sip:b@192.0.2.9", expires: 1200)]), cseq: 1, terminal: 2, source: adapter)
        _ = try register(&table, .update([.init(contact: "sip:c@192.0.2.9", expires: 600)]), cseq: 1, terminal: 3, source: adapter)
        #expect(table.terminal(registeredFrom: adapter) == nil)
        _ = try register(&table, .removeAll, cseq: 2, terminal: 3, source: adapter)
        #expect(table.terminal(registeredFrom: adapter) == 2)
        // The phone moved to another port: its old source is no longer its.
        let moved = "udp:192.0.2.7:5062"
        _ = try register(&table, .update([.init(contact: "sip:a@192.0.2.7", expires: 600)]), cseq: 2, terminal: 1, source: moved)
        #expect(table.terminal(registeredFrom: phone) == nil)
        #expect(table.terminal(registeredFrom: moved) == 1)
        _ = table.expire(now: 600 * Self.second)
        #expect(table.terminal(registeredFrom: moved) == nil)
        _ = table.remove(terminal: 2, reason: .terminalDeleted)
        #expect(table.terminal(registeredFrom: adapter) == nil)
    }
}

struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
