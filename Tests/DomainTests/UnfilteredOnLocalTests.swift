import Domain
import Testing

/// Tab. 24: "Remote maintenance enabled … The report is output unfiltered on local
/// destinations." The security-relevant one of issue 13 (point 2): whoever looks after the
/// system on site must learn that someone may come in from outside, whatever the tables say.
@Suite("Unfiltered on local destinations")
struct UnfilteredOnLocalTests {
    static let enabled = "remote_maintenance_enabled"
    static let syslog = SyslogSettings(transport: .udp, host: "127.0.0.1", port: 5514)
    static let at: Int64 = 1_767_225_600_000_000

    static func occurrence(_ type: String, in state: inout SystemState) throws -> EventMessage? {
        guard case .eventMessageOccurred(let message) = try run(.raiseEventMessage(EventMessageRequest(type: type, at: at)), on: &state).first else {
            return nil
        }
        return message
    }

    @Test("with its row at none in every table, it still reaches each enabled local destination and nothing else")
    func reachesLocalWhateverTheTables() throws {
        var state = SystemState()
        for table in 1...8 { try run(.setEventFilters(table: table, filters: [Self.enabled: .none, "remote_maintenance_disabled": .none]), on: &state) }
        try run(.configureDestination(id: "local_1", SignalDestinationChange(enabled: true, settings: Self.syslog)), on: &state)
        try run(.configureDestination(id: "local_2", SignalDestinationChange(enabled: true, table: 6, settings: Self.syslog)), on: &state)
        try run(.configureDestination(id: "local_3", SignalDestinationChange(settings: Self.syslog)), on: &state)
        try run(
            .configureDestination(
                id: "snmp_1",
                SignalDestinationChange(
                    enabled: true, settings: SNMPNotificationDraft(host: "127.0.0.1", port: 10162, notification: .trap, community: "public"))),
            on: &state)

        let message = try #require(try Self.occurrence(Self.enabled, in: &state))
        #expect(message.tables == [])
        #expect(message.destinations == ["local_1", "local_2"])
        // Its partner follows the tables as every other type does.
        #expect(try Self.occurrence("remote_maintenance_disabled", in: &state)?.destinations == [])
        // A kind switched off is off for it too.
        try run(.switchDestinationKind(.local, on: false), on: &state)
        #expect(try Self.occurrence(Self.enabled, in: &state)?.destinations == [])
    }

    @Test("it is the only type of the catalogue marked so, as in Tab. 24")
    func onlyRemoteMaintenanceEnabled() {
        #expect(EventCatalogue.all.filter(\.unfilteredOnLocal).map(\.key) == [Self.enabled])
    }
}
