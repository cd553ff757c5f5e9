import Domain
import Testing

/// The event-table filter of manual §6.3.1.2 on virtual time: occurrences carry their own time,
/// so hours and weeks pass between two lines of a test.
@Suite("Event table filter")
struct EventFilterTests {
    static let hour: Int64 = 3_600_000_000
    static let start: Int64 = 1_767_225_600_000_000
    static let loss = "total_synchronisation_loss"

    /// A state whose table 3 (local + SNMP) has `filter` for total synchronization loss and
    /// whose first local destination is on.
    static func state(_ filter: EventTableFilter) throws -> SystemState {
        var state = SystemState()
        try run(.setEventFilters(table: 3, filters: [loss: filter]), on: &state)
        try run(
            .configureDestination(
                id: "local_1", SignalDestinationChange(enabled: true, settings: SyslogSettings(transport: .udp, host: "127.0.0.1", port: 5514))), on: &state)
        return state
    }

    /// Raises the type at `at`; returns whether table 3 forwarded it.
    static func occur(_ state: inout SystemState, at: Int64, type: String = loss) throws -> Bool {
        let events = try run(.raiseEventMessage(EventMessageRequest(type: type, at: at)), on: &state)
        guard case .eventMessageOccurred(let message) = events[0] else {
            Issue.record("no occurrence")
            return false
        }
        let forwarded = message.tables.contains(3)
        #expect(message.destinations.contains("local_1") == forwarded)
        return forwarded
    }

    @Test("the manual's example: custom 10 within 1 hour forwards the 10th occurrence and none before it")
    func manualExample() throws {
        var state = try Self.state(.custom(frequency: 10, periodHours: 1))
        var forwarded: [Bool] = []
        for minute in 0..<10 {
            forwarded.append(try Self.occur(&state, at: Self.start + Int64(minute) * 5 * 60_000_000))
        }
        #expect(forwarded == Array(repeating: false, count: 9) + [true])
        // Counting starts afresh: the next nine are held back again, the 20th goes through.
        var again: [Bool] = []
        for minute in 0..<10 {
            again.append(try Self.occur(&state, at: Self.start + 50 * 60_000_000 + Int64(minute) * 60_000_000))
        }
        #expect(again == Array(repeating: false, count: 9) + [true])
    }

    @Test("occurrences spread over more than the period never add up")
    func slowOccurrencesNeverForward() throws {
        var state = try Self.state(.custom(frequency: 10, periodHours: 1))
        // One every 7 minutes: never 10 inside one hour.
        for index in 0..<100 {
            #expect(try !Self.occur(&state, at: Self.start + Int64(index) * 7 * 60_000_000))
        }
    }

    @Test("an occurrence exactly one period old no longer counts")
    func windowBoundary() throws {
        var state = try Self.state(.custom(frequency: 2, periodHours: 1))
        #expect(try !Self.occur(&state, at: Self.start))
        #expect(try !Self.occur(&state, at: Self.start + Self.hour))
        #expect(try Self.occur(&state, at: Self.start + Self.hour + Self.hour - 1))
    }

    @Test("the window slides over 672 hours")
    func fourWeekWindow() throws {
        var state = try Self.state(.custom(frequency: 3, periodHours: 672))
        #expect(try !Self.occur(&state, at: Self.start))
        #expect(try !Self.occur(&state, at: Self.start + 300 * Self.hour))
        // 672 h after the first: the first has left the window, so this is only the second.
        #expect(try !Self.occur(&state, at: Self.start + 672 * Self.hour))
        // Still inside 672 h of the second (t+300): third within the window.
        #expect(try Self.occur(&state, at: Self.start + 900 * Self.hour))
        // Afresh: two more within four weeks do not reach 3, the third does.
        #expect(try !Self.occur(&state, at: Self.start + 1_000 * Self.hour))
        #expect(try !Self.occur(&state, at: Self.start + 1_500 * Self.hour))
        #expect(try Self.occur(&state, at: Self.start + 1_671 * Self.hour))
    }

    @Test("the count survives a replay of the log (a restart counts on)")
    func countingSurvivesReplay() throws {
        var state = SystemState()
        var log: [DomainEvent] = []
        log += try run(.setEventFilters(table: 3, filters: [Self.loss: .custom(frequency: 10, periodHours: 1)]), on: &state)
        log += try run(
            .configureDestination(
                id: "local_1", SignalDestinationChange(enabled: true, settings: SyslogSettings(transport: .udp, host: "127.0.0.1", port: 5514))), on: &state)
        for index in 0..<6 {
            log += try run(.raiseEventMessage(EventMessageRequest(type: Self.loss, at: Self.start + Int64(index) * 60_000_000)), on: &state)
        }
        // A restart rebuilds the state by folding the log, nothing else.
        var replayed = log.reduce(into: SystemState()) { $0.apply($1) }
        #expect(replayed.stateHash() == state.stateHash())
        var forwarded: [Bool] = []
        for index in 6..<10 {
            forwarded.append(try Self.occur(&replayed, at: Self.start + Int64(index) * 60_000_000))
        }
        #expect(forwarded == [false, false, false, true])
    }

    @Test("the count survives a snapshot (a restart from one counts on)")
    func countingSurvivesSnapshot() throws {
        var state = try Self.state(.custom(frequency: 10, periodHours: 1))
        for index in 0..<6 {
            #expect(try !Self.occur(&state, at: Self.start + Int64(index) * 60_000_000))
        }
        // The custom rows the fold counts with are derived, not stored: a decoded snapshot must
        // rebuild them, or the restarted system would stop counting and never forward again.
        var restored = try SystemState(canonicalEncoding: state.canonicalEncoding())
        #expect(restored == state)
        var forwarded: [Bool] = []
        for index in 6..<10 {
            forwarded.append(try Self.occur(&restored, at: Self.start + Int64(index) * 60_000_000))
        }
        #expect(forwarded == [false, false, false, true])
    }

    @Test("a row set back to its default leaves no override and counts no more")
    func rowBackToDefault() throws {
        var state = try Self.state(.custom(frequency: 3, periodHours: 1))
        #expect(try !Self.occur(&state, at: Self.start))
        #expect(!state.eventMessages.counters.isEmpty)
        let type = try #require(EventCatalogue.type(key: Self.loss))
        try run(.setEventFilters(table: 3, filters: [Self.loss: EventTableDefaults.filter(table: 3, type: type)]), on: &state)
        // The table's entry goes with its last row: the state is the one that never had it.
        #expect(state.eventMessages.tableOverrides.isEmpty)
        #expect(state.eventMessages.counters.isEmpty)
        _ = try Self.occur(&state, at: Self.start + 60_000_000)
        #expect(state.eventMessages.counters.isEmpty, "a row at its default is not custom and counts nothing")
    }

    @Test("none never forwards, every always does")
    func noneAndEvery() throws {
        var none = try Self.state(.none)
        var every = try Self.state(.every)
        for index in 0..<25 {
            #expect(try !Self.occur(&none, at: Self.start + Int64(index)))
            #expect(try Self.occur(&every, at: Self.start + Int64(index)))
        }
    }

    @Test("a changed row counts afresh")
    func changedRowResets() throws {
        var state = try Self.state(.custom(frequency: 3, periodHours: 1))
        #expect(try !Self.occur(&state, at: Self.start))
        #expect(try !Self.occur(&state, at: Self.start + 1))
        try run(.setEventFilters(table: 3, filters: [Self.loss: .custom(frequency: 3, periodHours: 2)]), on: &state)
        #expect(try !Self.occur(&state, at: Self.start + 2))
        #expect(try !Self.occur(&state, at: Self.start + 3))
        #expect(try Self.occur(&state, at: Self.start + 4))
    }

    @Test(
        "frequency and period outside 2…20 and 1…672 are refused with the range",
        arguments: [
            (EventTableFilter.custom(frequency: 1, periodHours: 1), "frequency: 1 is outside 2…20"),
            (.custom(frequency: 21, periodHours: 1), "frequency: 21 is outside 2…20"),
            (.custom(frequency: 0, periodHours: 5), "frequency: 0 is outside 2…20"),
            (.custom(frequency: 2, periodHours: 0), "periodHours: 0 is outside 1…672"),
            (.custom(frequency: 20, periodHours: 673), "periodHours: 673 is outside 1…672"),
        ])
    func rangesRefused(filter: EventTableFilter, text: String) throws {
        let state = SystemState()
        let error = try #require(refusal(.setEventFilters(table: 3, filters: [Self.loss: filter]), in: state))
        #expect(error.code == "out_of_range")
        #expect(error.message.hasPrefix(text))
        #expect(error.message.contains("manual §6.3.1.2"))
    }

    @Test("the edges of the ranges are accepted")
    func rangeEdgesAccepted() throws {
        var state = SystemState()
        try run(.setEventFilters(table: 1, filters: [Self.loss: .custom(frequency: 2, periodHours: 1)]), on: &state)
        try run(.setEventFilters(table: 2, filters: [Self.loss: .custom(frequency: 20, periodHours: 672)]), on: &state)
        let type = try #require(EventCatalogue.type(key: Self.loss))
        #expect(state.eventMessages.filter(table: 1, type: type) == .custom(frequency: 2, periodHours: 1))
        #expect(state.eventMessages.filter(table: 2, type: type) == .custom(frequency: 20, periodHours: 672))
    }

    @Test("table numbers and type keys are checked")
    func unknownTableOrType() {
        let state = SystemState()
        #expect(refusal(.setEventFilters(table: 9, filters: [Self.loss: .every]), in: state)?.message.hasPrefix("table: 9 is outside 1…8") == true)
        #expect(refusal(.setEventFilters(table: 1, filters: ["no_such_type": .every]), in: state)?.details["field"] == "type")
    }
}
