import Domain
import Testing

@Suite("Event messages: active set, status, routing, views")
struct EventMessageTests {
    static let start: Int64 = 1_767_225_600_000_000

    static func raise(
        _ type: String, _ parameters: [String: String] = [:], at offset: Int64 = 0, severity: EventSeverity? = nil,
        on state: inout SystemState
    ) throws -> EventMessage {
        let events = try run(.raiseEventMessage(EventMessageRequest(type: type, parameters: parameters, severity: severity, at: start + offset)), on: &state)
        guard case .eventMessageOccurred(let message) = events.first else { throw DomainError.invalid(field: "test", rule: "no occurrence") }
        return message
    }

    /// The counters are folded only for overridden rows (``EventMessageState/count(_:type:)``),
    /// which is right only while no default row counts.
    @Test("no first-start default row is custom, so only overridden rows need counters")
    func defaultsNeverCount() {
        for type in EventCatalogue.all {
            for table in 1...CapacityLimit.eventTables.max {
                if case .custom = EventTableDefaults.filter(table: table, type: type) {
                    Issue.record("table \(table) defaults to custom for \(type.key)")
                }
            }
        }
    }

    @Test("a positive message clears only the negative one with the same identifying parameters")
    func positiveClearsItsOwnNegative() throws {
        var state = SystemState()
        _ = try Self.raise("sip_account_not_available", ["provider": "acme", "account": "100", "cause": "0"], on: &state)
        _ = try Self.raise("sip_account_not_available", ["provider": "acme", "account": "200", "cause": "1"], on: &state)
        _ = try Self.raise("sip_account_not_available", ["provider": "other", "account": "100", "cause": "0"], on: &state)
        #expect(state.eventMessages.active.count == 3)
        #expect(state.eventMessages.status == .critical)

        _ = try Self.raise("sip_account_available", ["provider": "acme", "account": "200"], on: &state)
        let left = state.eventMessages.activeMessages.map { $0.parameters["provider"]! + "/" + $0.parameters["account"]! }
        #expect(left == ["acme/100", "other/100"])
        // A positive message for a fault that is not active changes nothing.
        _ = try Self.raise("sip_account_available", ["provider": "nobody", "account": "1"], on: &state)
        #expect(state.eventMessages.active.count == 2)
    }

    @Test("repeats of one fault are one active message with a count")
    func repeatsCollapse() throws {
        var state = SystemState()
        for offset in 0..<5 {
            _ = try Self.raise("sip_account_not_available", ["provider": "acme", "account": "1", "cause": "0"], at: Int64(offset), on: &state)
        }
        let entry = try #require(state.eventMessages.activeMessages.first)
        #expect(state.eventMessages.active.count == 1)
        #expect(entry.count == 5)
        #expect(entry.number == 1)
        #expect(entry.lastNumber == 5)
    }

    @Test("status follows the active set; confirming clears a message without a match")
    func statusAndConfirmation() throws {
        var state = SystemState()
        #expect(state.eventMessages.status == .normal)
        let overflow = try Self.raise("charge_counter_overflow", ["cause": "0", "number": "12"], on: &state)
        #expect(state.eventMessages.status == .serious)
        _ = try Self.raise("too_few_voip_channels", ["availableChannels": "0"], on: &state)
        #expect(state.eventMessages.status == .serious, "normal messages do not raise the status")
        let fan = try Self.raise("fan_failure", ["fanStatus": "0"], on: &state)
        #expect(state.eventMessages.status == .critical)

        try run(.confirmEventMessage(number: fan.number), on: &state)
        #expect(state.eventMessages.status == .serious)
        try run(.confirmEventMessage(number: overflow.number), on: &state)
        #expect(state.eventMessages.status == .normal)
        #expect(state.eventMessages.active.count == 1)
        #expect(refusal(.confirmEventMessage(number: overflow.number), in: state)?.code == "active_event_message_not_found")
    }

    /// Issue 13, point 11: an NMS learns of a confirmation as of a positive partner.
    @Test("a confirmation carries a clearing message for the SNMP destinations whose table lets the type through")
    func confirmationClearsAtSNMPDestinations() throws {
        var state = SystemState()
        let receiver = SNMPNotificationDraft(host: "127.0.0.1", notification: .trap, community: "traps-4b2c")
        try run(.configureDestination(id: "snmp_1", SignalDestinationChange(enabled: true, settings: receiver)), on: &state)
        try run(.configureDestination(id: "snmp_2", SignalDestinationChange(enabled: false, settings: receiver)), on: &state)
        // The SNMP destinations share one table: a type it holds back is cleared nowhere.
        try run(.setEventFilters(table: 3, filters: ["charge_counter_overflow": .none]), on: &state)
        let overflow = try Self.raise("charge_counter_overflow", ["cause": "0", "number": "12"], on: &state)
        let fan = try Self.raise("fan_failure", ["fanStatus": "0"], on: &state)
        let repeated = try Self.raise("fan_failure", ["fanStatus": "0"], at: 10, on: &state)
        #expect(fan.destinations.contains("snmp_1") && !fan.destinations.contains("snmp_2"))
        guard case .eventMessageConfirmed(_, _, let held?) = try run(.confirmEventMessage(number: overflow.number), on: &state).first else {
            Issue.record("no clearing message")
            return
        }
        #expect(held.destinations.isEmpty)

        let events = try run(.confirmEventMessage(number: fan.number, at: Self.start + 60), on: &state)
        guard case .eventMessageConfirmed(let number, _, let clearing?) = events.first else {
            Issue.record("no clearing message in \(events)")
            return
        }
        #expect(number == fan.number)
        #expect(clearing.destinations == ["snmp_1"])
        #expect(clearing.polarity == .positive && clearing.type == "fan_failure" && clearing.parameters == ["fanStatus": "0"])
        #expect(clearing.activeNumber == fan.number && clearing.number == repeated.number && clearing.at == Self.start + 60)
        // Written and read back through the declared payload.
        let decoded = try DomainEvent.decode(type: events[0].type, schema: events[0].schema, payload: events[0].canonicalPayload())
        #expect(decoded == events[0])
    }

    @Test("serious / critical types take the severity the source chooses, and only those two")
    func chosenSeverity() throws {
        var state = SystemState()
        let critical = try Self.raise("user_memory_usage_over_critical", ["userNumber": "201", "memoryUsage": "97"], severity: .critical, on: &state)
        #expect(critical.severity == .critical)
        #expect(
            refusal(
                .raiseEventMessage(EventMessageRequest(type: "user_memory_usage_over_critical", parameters: ["userNumber": "201"], at: Self.start)), in: state)?
                .details["field"] == "severity")
        #expect(
            refusal(
                .raiseEventMessage(
                    EventMessageRequest(type: "user_memory_usage_over_critical", parameters: ["userNumber": "201"], severity: .normal, at: Self.start)),
                in: state)?.details["field"] == "severity")
        #expect(
            refusal(.raiseEventMessage(EventMessageRequest(type: "fan_failure", severity: .normal, at: Self.start)), in: state)?.message
                == "severity: fan_failure is always critical")
    }

    @Test(
        "parameters are checked against the catalogue",
        arguments: [
            (["provider": "a", "account": "1", "colour": "red"], "parameters.colour"),
            (["provider": "a"], "parameters.account"),
            (["provider": "a", "account": "1", "cause": "seven"], "parameters.cause"),
            (["provider": "a", "account": "1", "cause": "9"], "parameters.cause"),
            (["provider": "a\nb", "account": "1"], "parameters.provider"),
        ])
    func parametersChecked(parameters: [String: String], field: String) {
        let request = EventMessageRequest(type: "sip_account_not_available", parameters: parameters, at: Self.start)
        #expect(refusal(.raiseEventMessage(request), in: SystemState())?.details["field"] == field)
    }

    @Test("an unknown type is refused and names where the list is")
    func unknownType() {
        let error = refusal(.raiseEventMessage(EventMessageRequest(type: "coffee_empty", at: Self.start)), in: SystemState())
        #expect(error?.details["field"] == "type")
        #expect(error?.message.contains("/api/v1/event-types") == true)
    }

    @Test("a destination's failure goes to the other destinations, never to itself")
    func neverToItself() throws {
        var state = SystemState()
        let syslog = SyslogSettings(transport: .tcp, host: "127.0.0.1", port: 6514)
        try run(.configureDestination(id: "local_1", SignalDestinationChange(enabled: true, settings: syslog)), on: &state)
        try run(.configureDestination(id: "local_2", SignalDestinationChange(enabled: true, settings: syslog)), on: &state)
        try run(
            .configureDestination(
                id: "external",
                SignalDestinationChange(enabled: true, settings: WebhookDraft(primaryURL: "https://127.0.0.1:8443/hook", secret: "0123456789abcdef"))),
            on: &state)

        let down = try Self.raise("external_destination_not_reachable", ["destination": "external", "cause": "1"], on: &state)
        #expect(down.destinations.contains("local_1") && down.destinations.contains("local_2") && down.destinations.contains("event_log"))
        #expect(!down.destinations.contains("external"))
        let localDown = try Self.raise("internal_destination_not_reachable", ["destination": "local_1", "cause": "1"], on: &state)
        #expect(localDown.destinations.contains("local_2") && localDown.destinations.contains("external"))
        #expect(!localDown.destinations.contains("local_1"))
        let up = try Self.raise("internal_destination_reachable", ["destination": "local_1"], on: &state)
        #expect(!up.destinations.contains("local_1") && up.destinations.contains("local_2"))
        // local_1 is reachable again; external is still down.
        #expect(state.eventMessages.activeMessages.map(\.type) == ["external_destination_not_reachable"])
    }

    @Test("switched-off destinations and kinds get nothing; tables decide the rest")
    func routing() throws {
        var state = SystemState()
        try run(
            .configureDestination(
                id: "local_1", SignalDestinationChange(enabled: true, settings: SyslogSettings(transport: .udp, host: "127.0.0.1", port: 514))),
            on: &state)
        let normal = try Self.raise("too_few_voip_channels", ["availableChannels": "0"], on: &state)
        // Table 1 (phone 1) takes critical types, table 2/5/6/7 serious and up, 3 and 4 all.
        #expect(normal.tables == [3, 4])
        #expect(normal.destinations == ["local_1", "event_log"])
        let critical = try Self.raise("fan_failure", ["fanStatus": "0"], on: &state)
        #expect(critical.tables == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(critical.destinations == ["system_phone_1", "system_phone_2", "local_1", "event_log"])

        try run(.switchDestinationKind(.local, on: false), on: &state)
        #expect(try Self.raise("fan_failure", ["fanStatus": "0"], on: &state).destinations == ["system_phone_1", "system_phone_2", "event_log"])
        try run(.configureDestination(id: "event_log", SignalDestinationChange(enabled: false)), on: &state)
        #expect(try Self.raise("fan_failure", ["fanStatus": "0"], on: &state).destinations == ["system_phone_1", "system_phone_2"])
    }

    @Test("local and SNMP destinations share one table")
    func sharedLocalTable() throws {
        var state = SystemState()
        let events = try run(.configureDestination(id: "snmp_2", SignalDestinationChange(table: 6)), on: &state)
        #expect(events.count == 8)
        let tables = state.eventMessages.destinations.values.filter { $0.kind == .local || $0.kind == .snmp }.map(\.table)
        #expect(Set(tables) == [6])
        #expect(state.eventMessages.destinations["email_1"]?.table == 5)
    }

    @Test("a destination cannot be switched on without its address")
    func enableNeedsSettings() {
        let error = refusal(.configureDestination(id: "local_1", SignalDestinationChange(enabled: true)), in: SystemState())
        #expect(error?.details["field"] == "enabled")
        #expect(
            refusal(
                .configureDestination(id: "local_1", SignalDestinationChange(settings: SyslogSettings(transport: .udp, host: "x", port: 70000))),
                in: SystemState())?.code == "out_of_range")
        #expect(
            refusal(
                .configureDestination(id: "external", SignalDestinationChange(settings: WebhookDraft(primaryURL: "http://x/", secret: "0123456789abcdef"))),
                in: SystemState())?.details["field"] == "webhook.primaryUrl")
        #expect(refusal(.configureDestination(id: "pager", SignalDestinationChange(enabled: true)), in: SystemState())?.code == "destination_not_found")
    }

    @Test("the event log view keeps the last 254, power failures the last 10")
    func viewsAreBounded() throws {
        var state = SystemState()
        for index in 0..<300 {
            _ = try Self.raise("mains_voltage_failure", at: Int64(index), on: &state)
        }
        #expect(state.eventMessages.eventLog.count == 254)
        #expect(state.eventMessages.eventLog.first?.number == 47)
        #expect(state.eventMessages.eventLog.last?.number == 300)
        #expect(state.eventMessages.powerFailures.map(\.number) == Array(291...300))
    }

    @Test("more than 50 errors with the same id within an hour raise 'Too many errors with the same ID'")
    func tooManyErrors() throws {
        var state = SystemState()
        var derived: [EventMessage] = []
        for index in 0..<120 {
            let events = try run(
                .raiseEventMessage(
                    EventMessageRequest(type: "malfunction", parameters: ["errorId": index % 2 == 0 ? "17" : "18"], at: Self.start + Int64(index) * 10_000_000)),
                on: &state)
            for case .eventMessageOccurred(let message) in events.dropFirst() { derived.append(message) }
        }
        // 60 of each id within 20 minutes: the 51st of each triggers once, then counting restarts.
        #expect(derived.map(\.type) == ["too_many_errors_with_same_id", "too_many_errors_with_same_id"])
        #expect(derived.map { $0.parameters["errorId"] } == ["17", "18"])
    }

    @Test("a test event message to one destination bypasses the tables and opens nothing")
    func targetedTest() throws {
        var state = SystemState()
        let events = try run(.raiseEventMessage(EventMessageRequest(type: "test_event_message", at: Self.start, target: "system_phone_2")), on: &state)
        guard case .eventMessageOccurred(let message) = events.first else {
            Issue.record("no occurrence")
            return
        }
        #expect(message.destinations == ["system_phone_2"])
        #expect(message.tables.isEmpty)
        #expect(state.eventMessages.active.isEmpty)
        #expect(
            refusal(.raiseEventMessage(EventMessageRequest(type: "test_event_message", at: Self.start, target: "local_1")), in: state)?.details["field"]
                == "target")
    }

    @Test("occurrences and configuration round-trip through their stored payloads")
    func payloadRoundTrip() throws {
        var state = SystemState()
        var events = try run(
            .configureDestination(
                id: "external",
                SignalDestinationChange(
                    enabled: true,
                    settings: WebhookDraft(
                        primaryURL: "https://a.example/h", alternativeURL: "https://b.example/h", secret: "0123456789abcdef", caFile: "/etc/ca.pem"))),
            on: &state)
        events += try run(
            .configureDestination(
                id: "local_3",
                SignalDestinationChange(
                    enabled: true, settings: SyslogSettings(transport: .tls, host: "logs.example", port: 6514, facility: 4, caFile: "/ca.pem"))), on: &state)
        events += try run(.setEventFilters(table: 2, filters: ["fan_failure": .custom(frequency: 3, periodHours: 12), "malfunction": .none]), on: &state)
        events += try run(.switchDestinationKind(.email, on: false), on: &state)
        let message = try Self.raise("sip_account_not_available", ["provider": "a \"quoted\" ü", "account": "1", "cause": "1"], on: &state)
        events.append(.eventMessageOccurred(message))
        events += try run(.confirmEventMessage(number: message.number), on: &state)
        for event in events {
            let decoded = try DomainEvent.decode(type: event.type, schema: event.schema, payload: event.canonicalPayload())
            #expect(decoded == event)
        }
        #expect(events.count == 6)
    }

    @Test("replaying the log rebuilds the same active set, status and counters")
    func replayIsExact() throws {
        var state = SystemState()
        var log: [DomainEvent] = []
        log += try run(.setEventFilters(table: 4, filters: ["malfunction": .custom(frequency: 4, periodHours: 2)]), on: &state)
        for index in 0..<40 {
            let type = ["malfunction", "fan_failure", "fan_in_operation", "charge_counter_overflow"][index % 4]
            let parameters: [String: String] =
                switch type {
                case "malfunction": ["errorId": String(index % 3)]
                case "charge_counter_overflow": ["cause": "1", "number": String(index)]
                case "fan_failure": ["fanStatus": "1"]
                default: ["fanStatus": "0"]
                }
            log += try run(.raiseEventMessage(EventMessageRequest(type: type, parameters: parameters, at: Self.start + Int64(index) * 60_000_000)), on: &state)
        }
        let replayed = log.reduce(into: SystemState()) { $0.apply($1) }
        #expect(replayed.stateHash() == state.stateHash())
        #expect(replayed.eventMessages.status == state.eventMessages.status)
        #expect(!state.eventMessages.counters.isEmpty)
        let decoded = try SystemState(canonicalEncoding: state.canonicalEncoding())
        #expect(decoded.stateHash() == state.stateHash())
    }

    /// The identity is the key of the active set, so it is in every snapshot and state hash: its
    /// text must not change (manual §6.3.1.1 decides what is in it; the text is ours, and fixed).
    @Test("an occurrence's identity text, for each polarity")
    func identityTexts() {
        var state = SystemState()
        func occur(_ type: String, _ parameters: [String: String]) {
            let code = EventCatalogue.type(key: type)!.code
            state.apply(
                .eventMessageOccurred(
                    EventMessage(
                        number: state.eventMessages.nextNumber, type: type, code: code, severity: .serious, polarity: .none, parameters: parameters, node: 1,
                        at: Self.start, simulated: false, tables: [], destinations: [])))
        }
        occur("card_out_of_service", ["slot": "3"])
        occur("atas_connection_lost", ["cause": "1"])
        occur("card_reset", ["slot": "12"])
        occur("insufficient_bandwidth", ["wanLinkName": "Head office – Zürich", "linkId": "2", "availableBandwidth": "64"])
        occur("insufficient_bandwidth", [:])
        occur("blustar_licence_limit_reached", ["licenceType": "2", "totalPurchasedLicences": "5"])
        occur("blustar_licence_limit_reached", ["licenceType": "3", "totalPurchasedLicences": "5"])
        #expect(
            Set(state.eventMessages.active.keys) == [
                "card_out_of_service|slot=3", "atas_connection_lost", "card_reset|slot=12",
                "insufficient_bandwidth|availableBandwidth=64|linkId=2|wanLinkName=Head office – Zürich", "insufficient_bandwidth",
                "blustar_licence_limit_reached|licenceType=2", "blustar_licence_limit_reached|licenceType=3",
            ])
        // A positive message clears the negative one its identifying parameters match, and no other.
        occur("blustar_within_licence_limit", ["licenceType": "2", "parameter1": "0", "totalPurchasedLicences": "5"])
        #expect(state.eventMessages.active["blustar_licence_limit_reached|licenceType=2"] == nil)
        #expect(state.eventMessages.active["blustar_licence_limit_reached|licenceType=3"] != nil)
    }
}
