import Domain
import Testing

/// The DoS protection settings as configuration: each range from ``CapacityLimit`` named in its
/// refusal, the settings in the log and back by replay, and a log without them unchanged.
@Suite struct DoSProtectionRulesTests {
    static func settings(
        failedRegistrations: Int = 20, transactions: Int = 30_000, requestsWithoutSession: Int = 100, modifiedMessages: Int = 100,
        windowSeconds: Int = 60, blockSeconds: Int = 600
    ) -> Command {
        .setDoSProtection(
            DoSProtectionSettings(
                failedRegistrations: failedRegistrations, transactions: transactions, requestsWithoutSession: requestsWithoutSession,
                modifiedMessages: modifiedMessages, windowSeconds: windowSeconds, blockSeconds: blockSeconds))
    }

    @Test(
        "a value outside its range is refused naming the field and the limit",
        arguments: [
            (settings(failedRegistrations: 100_001), "failedRegistrations", "dos_failed_registrations"),
            (settings(failedRegistrations: -1), "failedRegistrations", "dos_failed_registrations"),
            (settings(transactions: 100_001), "transactions", "dos_transactions"),
            (settings(requestsWithoutSession: -5), "requestsWithoutSession", "dos_requests_without_session"),
            (settings(modifiedMessages: Int.max), "modifiedMessages", "dos_modified_messages"),
            (settings(windowSeconds: 0), "windowSeconds", "dos_window_seconds"),
            (settings(windowSeconds: 3601), "windowSeconds", "dos_window_seconds"),
            (settings(blockSeconds: 0), "blockSeconds", "dos_block_seconds"),
            (settings(blockSeconds: 86_401), "blockSeconds", "dos_block_seconds"),
        ])
    func outOfRange(command: Command, field: String, limit: String) throws {
        let error = try #require(refusal(command, in: SystemState()))
        #expect(error.code == "out_of_range")
        #expect(error.details["field"] == field)
        #expect(error.details["limit"] == limit)
        #expect(error.message.contains(limit), "\(error.message)")
    }

    @Test("the ends of every range are accepted: 0 turns a count off, a second is the shortest window and block")
    func rangeEnds() throws {
        var state = SystemState()
        try run(
            Self.settings(failedRegistrations: 0, transactions: 0, requestsWithoutSession: 0, modifiedMessages: 0, windowSeconds: 1, blockSeconds: 1),
            on: &state)
        #expect(state.dosProtection.limit(.registration) == nil && state.dosProtection.limit(.modifiedMessage) == nil)
        #expect(state.dosProtection.windowSeconds == 1 && state.dosProtection.blockSeconds == 1)
        try run(
            Self.settings(
                failedRegistrations: 100_000, transactions: 100_000, requestsWithoutSession: 100_000, modifiedMessages: 100_000, windowSeconds: 3600,
                blockSeconds: 86_400), on: &state)
        #expect(state.dosProtection.limit(.tooManyTransactions) == 100_000)
        #expect(state.dosProtection.blockSeconds == 86_400)
    }

    @Test("a change is one event on its own stream, replayed to the same state; the same settings again log nothing")
    func loggedAndReplayed() throws {
        var state = SystemState()
        let events = try run(Self.settings(failedRegistrations: 3, windowSeconds: 120, blockSeconds: 3600), on: &state)
        #expect(events.map(\.type) == ["sip.dosprotection.set"])
        #expect(events.first?.stream == "dosprotection")
        #expect(events.first?.area == .sip)
        #expect(state.dosProtection.failedRegistrations == 3 && state.dosProtection.windowSeconds == 120)
        #expect(state.version(ofStream: "dosprotection") == 1)
        #expect(
            events.first?.canonicalPayload()
                == #"{"blockSeconds":3600,"failedRegistrations":3,"modifiedMessages":100,"requestsWithoutSession":100,"transactions":30000,"windowSeconds":120}"#
        )
        try expectReplay(events, gives: state)
        let snapshot = try SystemState(canonicalEncoding: state.canonicalEncoding())
        #expect(snapshot == state && snapshot.dosProtection.blockSeconds == 3600)

        #expect(try state.decide(Self.settings(failedRegistrations: 3, windowSeconds: 120, blockSeconds: 3600), sealing: testSealing).isEmpty)
        // The defaults on a first start are no change either.
        #expect(try SystemState().decide(Self.settings(), sealing: testSealing).isEmpty)
    }

    /// Architecture rule 5: a log written before the setting existed replays to the state, and
    /// the hash, it had then; its snapshots (with no `dosProtection` member) still decode.
    @Test("a state that never had the event encodes and hashes as before the setting existed")
    func absentIsTheDefault() throws {
        let state = SystemState()
        let text = String(decoding: state.canonicalEncoding(), as: UTF8.self)
        #expect(!text.contains("dosProtection"))
        #expect(state.dosProtection == DoSProtectionSettings())
        #expect(state.dosProtection.failedRegistrations == 20 && state.dosProtection.blockSeconds == 600)

        var changed = state
        try run(Self.settings(modifiedMessages: 9), on: &changed)
        #expect(String(decoding: changed.canonicalEncoding(), as: UTF8.self).contains(#""dosProtection":{"blockSeconds":600,"#))
        #expect(changed.stateHash() != state.stateHash())
    }

    @Test("a stored payload with a negative count or a zero window is refused on replay")
    func payloadRanges() {
        let negative =
            #"{"blockSeconds":600,"failedRegistrations":-1,"modifiedMessages":100,"requestsWithoutSession":100,"transactions":30000,"windowSeconds":60}"#
        let zeroWindow =
            #"{"blockSeconds":600,"failedRegistrations":1,"modifiedMessages":100,"requestsWithoutSession":100,"transactions":30000,"windowSeconds":0}"#
        let missing = #"{"blockSeconds":600,"failedRegistrations":1,"modifiedMessages":100,"requestsWithoutSession":100,"transactions":30000}"#
        for payload in [negative, zeroWindow, missing] {
            #expect(throws: EventDecodingError.self) { try DomainEvent.decode(type: "sip.dosprotection.set", schema: 1, payload: payload) }
        }
    }
}
