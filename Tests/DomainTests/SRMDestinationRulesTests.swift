import Domain
import Testing

/// Manual §6.3.1.3, "SRM destination": event messages that are not serious or critical are
/// never sent to SRM (issue 13, point 3).
@Suite("SRM destination rules")
struct SRMDestinationRulesTests {
    static let normal = "srm_connection_failed"
    static let serious = "card_reset"
    static let at: Int64 = 1_767_225_600_000_000
    static let secret = "aW5zdGFsbGVyLWlzc3VlZC1zZWNyZXQtMDAx"

    @Test("table 7 refuses a row that would let a normal type through, naming the rule; none stays allowed")
    func tableSevenRefusesNormalTypes() throws {
        for filter in [EventTableFilter.every, .custom(frequency: 2, periodHours: 1)] {
            let command = Command.setEventFilters(table: EventTableDefaults.srmTable, filters: [Self.normal: filter])
            expectRefusal(command, naming: "only serious and critical event messages")
            #expect(refusal(command, in: SystemState())?.details["field"] == "rows.\(Self.normal)")
        }
        var state = SystemState()
        #expect(try run(.setEventFilters(table: 7, filters: [Self.normal: .none, Self.serious: .custom(frequency: 3, periodHours: 2)]), on: &state).count == 1)
        // Other tables still take normal types.
        #expect(try run(.setEventFilters(table: 2, filters: [Self.normal: .every]), on: &state).count == 1)
    }

    @Test("an SRM destination linked to a table that forwards normal types is still sent only serious and critical ones")
    func srmOnAnotherTableGetsNoNormalMessages() throws {
        var state = SystemState()
        try run(.setSRMSettings(SRMSettingsDraft(enabled: true, host: "srm.example.net", secret: Self.secret)), on: &state)
        try run(.configureDestination(id: "srm", SignalDestinationChange(enabled: true, table: 3)), on: &state)
        try run(
            .configureDestination(
                id: "local_1", SignalDestinationChange(enabled: true, settings: SyslogSettings(transport: .udp, host: "127.0.0.1", port: 5514))), on: &state)
        func destinations(of type: String) throws -> [String] {
            guard case .eventMessageOccurred(let message) = try run(.raiseEventMessage(EventMessageRequest(type: type, at: Self.at)), on: &state).first else {
                Issue.record("\(type) did not occur")
                return []
            }
            return message.destinations
        }
        let normal = try destinations(of: Self.normal)
        #expect(normal.contains("local_1") && !normal.contains("srm"))
        #expect(try destinations(of: Self.serious).contains("srm"))
    }
}

/// Manual §5.2: the SRM connection's rules, each refused with a message that names it.
@Suite("SRM connection rules")
struct SRMSettingsRulesTests {
    static let secret = "aW5zdGFsbGVyLWlzc3VlZC1zZWNyZXQtMDAx"

    @Test("the secret is sealed, required the first time, kept when absent; the same settings again append nothing")
    func secretHandling() throws {
        var state = SystemState()
        expectRefusal(.setSRMSettings(SRMSettingsDraft(enabled: true, host: "srm.example.net")), naming: "required the first time")
        let events = try run(.setSRMSettings(SRMSettingsDraft(enabled: true, host: "srm.example.net", secret: Self.secret)), on: &state)
        #expect(events.count == 1 && state.srm?.port == 4443)
        let sealed = try #require(state.srm?.secret)
        #expect(sealed.text != Self.secret && !sealed.text.contains(Self.secret))
        #expect(try run(.setSRMSettings(SRMSettingsDraft(enabled: true, host: "srm.example.net", secret: Self.secret)), on: &state).isEmpty)
        #expect(try run(.setSRMSettings(SRMSettingsDraft(enabled: false, host: "srm.example.net")), on: &state).count == 1)
        #expect(state.srm?.secret == sealed && state.srm?.enabled == false)
    }

    @Test(arguments: [
        (SRMSettingsDraft(enabled: true, host: "127.0.0.1", secret: secret), "not an IP address"),
        (SRMSettingsDraft(enabled: true, host: "[::1]", secret: secret), "not an IP address"),
        (SRMSettingsDraft(enabled: true, host: "srm example", secret: secret), "a host name"),
        (SRMSettingsDraft(enabled: true, host: "srm.example.net", port: 0, secret: secret), "port"),
        (SRMSettingsDraft(enabled: true, host: "srm.example.net", secret: "short"), "srm_secret_length"),
        (SRMSettingsDraft(enabled: true, host: "srm.example.net", secret: "has a space in it here"), "printable ASCII without spaces"),
        (SRMSettingsDraft(enabled: true, host: "srm.example.net", secret: secret, trustedCertificate: "not pem"), "PEM"),
    ])
    func refusals(draft: SRMSettingsDraft, rule: String) {
        expectRefusal(.setSRMSettings(draft), naming: rule)
    }

    @Test("the SRM destination can be switched on only once the connection it travels on is set")
    func destinationNeedsTheConnection() throws {
        expectRefusal(.configureDestination(id: "srm", SignalDestinationChange(enabled: true)), naming: "PUT /api/v1/srm")
        var state = SystemState()
        try run(.setSRMSettings(SRMSettingsDraft(enabled: false, host: "srm.example.net", secret: Self.secret)), on: &state)
        #expect(try run(.configureDestination(id: "srm", SignalDestinationChange(enabled: true)), on: &state).count == 1)
    }
}
