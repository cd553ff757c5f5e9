import Domain
import EventMessages
import Testing
@testable import SNMP

/// The agent's view: every name in OID order, GET exact, GETNEXT the first name after, and
/// the tables filled from the state.
@Suite struct MIBSnapshotTests {
    static func snapshot(_ state: SystemState = SystemState(), statuses: [DestinationDeliveryStatus] = []) -> MIBSnapshot {
        MIBSnapshot(state: state, lastChangeAt: 1_767_225_600_000_000, statuses: statuses, softwareVersion: "test")
    }

    @Test("GET finds exact names only; GETNEXT walks every entry in order and ends")
    func getAndGetNext() {
        let snapshot = Self.snapshot()
        #expect(snapshot.value(at: CallplaneMIB.objects + [1, 10, 0]) == .unsigned(0), "cpLogHead: no event message yet")
        #expect(snapshot.value(at: CallplaneMIB.objects + [1, 10]) == nil)
        #expect(snapshot.value(at: CallplaneMIB.uptimeInstance) != nil, "cpUptime.0 is in the walk")
        var name = CallplaneMIB.root
        var walked: [[UInt32]] = []
        while let next = snapshot.entry(after: name) {
            #expect(name.lexicographicallyPrecedes(next.name))
            walked.append(next.name)
            name = next.name
        }
        #expect(walked == snapshot.entries.map(\.name))
        #expect(Set(walked).count == walked.count, "no name twice")
        #expect(snapshot.entry(after: CallplaneMIB.objects + [9]) == nil)
        // A name between two entries continues at the later one.
        #expect(snapshot.entry(after: CallplaneMIB.objects + [1, 5])?.name == CallplaneMIB.objects + [1, 5, 0])
    }

    /// The index of the row whose `column` holds `name`, found the way an NMS finds it (the MIB
    /// says to recognise rows by name), so no expectation is computed by the code under test.
    static func row(_ snapshot: MIBSnapshot, column: [UInt32], named name: String) -> UInt32? {
        snapshot.entries.first { $0.name.count == column.count + 1 && Array($0.name.prefix(column.count)) == column && $0.value == .text(name) }?.name.last
    }

    @Test("the tables reflect the state: catalogue, filters, active messages, log, destinations, usage")
    func tables() throws {
        var state = SystemState()
        let fan = try #require(EventCatalogue.type(key: "fan_failure"))
        let sealing = try SecretBox(key: SecretBox.generateKey())
        for command: Command in [
            .setEventFilters(table: 3, filters: ["fan_failure": .custom(frequency: 3, periodHours: 2)]),
            .raiseEventMessage(EventMessageRequest(type: "fan_failure", parameters: ["fanStatus": "0"], at: 1_767_225_600_000_000)),
        ] {
            for event in try state.decide(command, sealing: sealing) { state.apply(event) }
        }
        let active = try #require(state.eventMessages.activeMessages.first)
        let snapshot = Self.snapshot(state)
        let code = UInt32(fan.code)
        #expect(snapshot.value(at: CallplaneMIB.eventTypeEntry + [3, code]) == .text("fan_failure"))
        #expect(snapshot.value(at: CallplaneMIB.activeEntry + [2, UInt32(active.number)]) == .unsigned(code))
        #expect(snapshot.value(at: CallplaneMIB.activeEntry + [5, UInt32(active.number)]) == .text("fanStatus=0"))
        #expect(snapshot.value(at: CallplaneMIB.eventLogEntry + [2, UInt32(active.number)]) == .unsigned(code))
        #expect(snapshot.value(at: CallplaneMIB.system + [5, 0]) == .integer(4), "cpSystemStatus critical(4), as CpSeverity numbers it")
        #expect(
            snapshot.value(at: CallplaneMIB.system + [10, 0]) == .unsigned(UInt32(active.number)),
            "cpLogHead is the newest event message's number, not the log position")
        // The MIB's numbers, written out: custom(3), 3 times within 2 hours.
        #expect(snapshot.value(at: CallplaneMIB.filterEntry + [3, 3, code]) == .integer(3), "cpFilterKind custom(3)")
        #expect(snapshot.value(at: CallplaneMIB.filterEntry + [4, 3, code]) == .unsigned(3), "cpFilterFrequency")
        #expect(snapshot.value(at: CallplaneMIB.filterEntry + [5, 3, code]) == .unsigned(2), "cpFilterPeriod")
        let snmpIndex = try #require(Self.row(snapshot, column: CallplaneMIB.destinationEntry + [2], named: "snmp_1"))
        #expect(snapshot.value(at: CallplaneMIB.destinationEntry + [3, snmpIndex]) == .integer(4), "kind snmp(4)")
        let usersIndex = try #require(Self.row(snapshot, column: CallplaneMIB.usageEntry + [2], named: "users"))
        #expect(snapshot.value(at: CallplaneMIB.usageEntry + [4, usersIndex]) == .gauge(1200), "the manual's 1,200 users")
    }

    /// Issue 15, point 8: registrations and calls are counted by the call core, not held in the
    /// configuration, so their rows come from the counts the agent service is given.
    @Test("registered terminals and calls in progress are usage rows when the call core counts them")
    func liveUsageRows() throws {
        let quiet = Self.snapshot()
        #expect(Self.row(quiet, column: CallplaneMIB.usageEntry + [2], named: "registered_terminals") == nil, "no count given, no row")
        let live = MIBSnapshot(
            state: SystemState(), lastChangeAt: 1_767_225_600_000_000, statuses: [], softwareVersion: "test",
            liveUsage: [.registeredTerminals: 37, .simultaneousCalls: 0])
        let registered = try #require(Self.row(live, column: CallplaneMIB.usageEntry + [2], named: "registered_terminals"))
        #expect(live.value(at: CallplaneMIB.usageEntry + [3, registered]) == .gauge(37))
        #expect(live.value(at: CallplaneMIB.usageEntry + [4, registered]) == .gauge(2400), "every terminal of Tab. 14 may register")
        let calls = try #require(Self.row(live, column: CallplaneMIB.usageEntry + [2], named: "simultaneous_calls"))
        #expect(live.value(at: CallplaneMIB.usageEntry + [3, calls]) == .gauge(0))
        #expect(live.value(at: CallplaneMIB.usageEntry + [4, calls]) == .gauge(250), "Tab. 13: 250 IP–IP connections")
        // A count for a limit the configuration holds does not override the configuration's.
        let users = try #require(Self.row(live, column: CallplaneMIB.usageEntry + [2], named: "users"))
        #expect(live.value(at: CallplaneMIB.usageEntry + [3, users]) == .gauge(0))
    }

    /// An NMS may poll `cpUsageUsed.<n>` once it has read the row's name (the MIB promises the
    /// number stays): a limit inserted anywhere but at the end would move every row after it.
    @Test("a limit keeps its cpUsageIndex: the rows as first published, then the ones added since")
    func usageIndexesStayPut() {
        let snapshot = MIBSnapshot(
            state: SystemState(), lastChangeAt: 1_767_225_600_000_000, statuses: [], softwareVersion: "test",
            liveUsage: [.registeredTerminals: 0, .simultaneousCalls: 0])
        let expected: [(String, UInt32)] = [
            ("users", 1), ("terminals", 2), ("system_sip_terminals", 4), ("standard_sip_terminals", 5), ("user_accounts", 7),
            ("authorization_profiles", 8), ("event_log_entries", 13), ("power_failure_entries", 14), ("snmp_destinations", 15),
            ("email_destinations", 16), ("syslog_destinations", 17), ("snmp_communities", 27), ("snmp_users", 28), ("snmp_allowed_networks", 29),
            ("registered_terminals", 40), ("simultaneous_calls", 41),
        ]
        for (name, index) in expected {
            #expect(Self.row(snapshot, column: CallplaneMIB.usageEntry + [2], named: name) == index, "\(name)")
        }
    }

    @Test("DateAndTime is 11 octets in UTC")
    func dateAndTime() {
        // 2026-01-01T00:00:00.5Z
        #expect(MIBValue.dateAndTime(microseconds: 1_767_225_600_500_000) == .octets([0x07, 0xEA, 1, 1, 0, 0, 0, 5, UInt8(ascii: "+"), 0, 0]))
    }

    @Test("a lookup in a 10,000-row table stays a binary search")
    func largeTable() {
        let entries = (1...10_000).map { MIBSnapshot.Entry(name: CallplaneMIB.activeEntry + [2, UInt32($0)], value: .unsigned(UInt32($0))) }
        let snapshot = MIBSnapshot(entries: entries.reversed())
        #expect(snapshot.entry(after: CallplaneMIB.activeEntry + [2, 4_999])?.value == .unsigned(5_000))
        #expect(snapshot.value(at: CallplaneMIB.activeEntry + [2, 10_000]) == .unsigned(10_000))
    }

    @Test("a walk's hint answers as the binary search does; a wrong, stale or absent hint changes nothing")
    func hintedGetNext() {
        let entries = (1...2_000).flatMap { row in
            (2...3).map { MIBSnapshot.Entry(name: CallplaneMIB.activeEntry + [UInt32($0), UInt32(row * 2)], value: .unsigned(UInt32(row))) }
        }
        let snapshot = MIBSnapshot(entries: entries.shuffled())
        let asked: [[UInt32]] = [
            CallplaneMIB.root, CallplaneMIB.activeEntry + [2, 2], CallplaneMIB.activeEntry + [2, 3],
            CallplaneMIB.activeEntry + [2, 4_000], CallplaneMIB.activeEntry + [3], CallplaneMIB.activeEntry + [3, 4_000],
            CallplaneMIB.activeEntry + [4],
        ]
        for name in asked {
            let searched = snapshot.index(after: name, hint: nil)
            for hint in [-1, 0, 1, 1_999, 2_000, 3_999, snapshot.count, snapshot.count + 7] {
                #expect(snapshot.index(after: name, hint: hint) == searched, "hint \(hint) for \(name)")
            }
            if let searched, searched > 0 {
                #expect(snapshot.index(after: snapshot.entry(at: searched - 1).name, hint: searched - 1) == searched, "the right hint")
            }
        }
        // A walk that follows its own answers visits every entry once, in order.
        var walked: [[UInt32]] = []
        var hint: Int?
        var name = CallplaneMIB.root
        while let next = snapshot.index(after: name, hint: hint) {
            name = snapshot.entry(at: next).name
            walked.append(name)
            hint = next
        }
        #expect(walked == entries.sorted { $0.name.lexicographicallyPrecedes($1.name) }.map(\.name))
    }

    @Test("names from net-snmp compare as numbers, beyond 32 bits too")
    func wideSubidentifiers() {
        let snapshot = MIBSnapshot(entries: [
            .init(name: CallplaneMIB.activeEntry + [2, 7], value: .unsigned(7)),
            .init(name: CallplaneMIB.activeEntry + [3, 7], value: .unsigned(8)),
        ])
        let wide = (CallplaneMIB.activeEntry + [2]).map(UInt.init) + [UInt(UInt32.max) + 1]
        #expect(snapshot.index(after: wide, hint: nil).map { snapshot.entry(at: $0).name } == CallplaneMIB.activeEntry + [3, 7])
        #expect(snapshot.index(of: wide) == nil)
        #expect(snapshot.index(of: (CallplaneMIB.activeEntry + [3, 7]).map(UInt.init)).map { snapshot.value(at: $0) } == .unsigned(8))
        let truncatesToExisting = (CallplaneMIB.activeEntry + [3]).map(UInt.init) + [7 + (UInt(1) << 32)]
        #expect(snapshot.index(of: truncatesToExisting) == nil, "not truncated to 32 bits")
    }

    @Test("cpUptime is read when asked, not frozen in the snapshot")
    func uptimeIsLive() {
        #expect(Self.snapshot().value(at: CallplaneMIB.uptimeInstance) == .uptime)
    }
}
