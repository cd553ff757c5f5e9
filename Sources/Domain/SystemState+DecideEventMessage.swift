extension SystemState {
    /// An event message occurs (manual §6.3.1): checks the type and its parameters, numbers it,
    /// and routes it through the event tables to the destinations, reading the filter counters
    /// without changing them (`apply` counts). A malfunction that makes more than 50 with the
    /// same error id in an hour, or a type's 1,000th occurrence in a clock hour, adds "Too many
    /// errors with the same ID" / "Too many event messages" to the same append.
    func decideRaise(_ request: EventMessageRequest) throws(DomainError) -> [DomainEvent] {
        guard let type = EventCatalogue.type(key: request.type) else {
            throw .invalid(field: "type", rule: "unknown event type \"\(request.type)\" (GET /api/v1/event-types lists them)")
        }
        let parameters = try Self.checkedParameters(request.parameters, of: type)
        guard let severity = type.severity.resolve(request.severity) else {
            switch type.severity {
            case .fixed(let fixed):
                throw .invalid(field: "severity", rule: "\(type.key) is always \(fixed.rawValue)")
            case .seriousOrCritical:
                throw .invalid(field: "severity", rule: "\(type.key) needs severity serious or critical")
            }
        }
        guard request.node >= 1 else { throw .invalid(field: "node", rule: "a node number is 1 or more") }
        let state = eventMessages
        if let target = request.target {
            guard let destination = state.destinations[target] else { throw .notFound("destination", target) }
            guard destination.isConfigured else {
                throw .invalid(field: "target", rule: "destination \(target) has no \(destination.kind.missingSettings) yet")
            }
        }
        var number = state.nextNumber
        let message = state.occurrence(of: type, number: number, severity: severity, parameters: parameters, request: request)
        var events: [DomainEvent] = [.eventMessageOccurred(message)]
        guard request.target == nil else { return events }

        if type.key == EventCatalogue.Key.malfunction, let errorID = parameters["errorId"],
            let tooMany = EventCatalogue.type(key: EventCatalogue.Key.tooManyErrorsWithSameID),
            (state.errorCounters[errorID] ?? EventTableCounter())
                .wouldForward(at: request.at, frequency: EventMessageState.errorsPerHourLimit + 1, periodHours: 1)
        {
            number += 1
            let derived = EventMessageRequest(
                type: tooMany.key, parameters: ["errorId": errorID], node: request.node, at: request.at, simulated: request.simulated)
            events.append(
                .eventMessageOccurred(state.occurrence(of: tooMany, number: number, severity: .normal, parameters: derived.parameters, request: derived)))
        }
        let sameHour = request.at / EventMessageState.hour == state.floodHour
        let countThisHour = (sameHour ? state.floodCounts[type.key] ?? 0 : 0) + 1
        if countThisHour >= EventMessageState.floodLimitPerHour, !(sameHour && state.floodReported),
            type.key != EventCatalogue.Key.tooManyEventMessages,
            let flood = EventCatalogue.type(key: EventCatalogue.Key.tooManyEventMessages)
        {
            number += 1
            let derived = EventMessageRequest(type: flood.key, node: request.node, at: request.at, simulated: request.simulated)
            events.append(.eventMessageOccurred(state.occurrence(of: flood, number: number, severity: .normal, parameters: [:], request: derived)))
        }
        return events
    }

    /// An administrator confirms an active message (manual §6.3.1.3: "confirmed in WebAdmin in
    /// the Active event messages view"); it leaves the active set and the status follows.
    ///
    /// The SNMP destinations are told as for a positive partner (issue 13, point 11): the
    /// confirmation carries a clearing message — the active message's type, parameters and
    /// node, its latest occurrence's number, positive — routed to each SNMP destination whose
    /// event table lets the type through at all. An N-in-P row may have held back the raise
    /// itself; a clear for an alarm an NMS never opened is harmless (RFC 3877 §4.2 managers
    /// ignore it), a missing clear leaves an alarm open for ever.
    func decideConfirm(number: Int64, at: Int64) throws(DomainError) -> [DomainEvent] {
        guard let entry = eventMessages.active.values.first(where: { $0.number == number }) else {
            throw .notFound("active_event_message", String(number))
        }
        var destinations: [String] = []
        if let type = EventCatalogue.type(key: entry.type) {
            for id in SignalDestination.allIDs {
                guard let destination = eventMessages.destinations[id], destination.kind == .snmp, destination.enabled,
                    eventMessages.isKindOn(.snmp), eventMessages.filter(table: destination.table, type: type) != .none
                else { continue }
                destinations.append(id)
            }
        }
        let clearing = EventMessage(
            number: entry.lastNumber, type: entry.type, code: entry.code, severity: entry.severity, polarity: .positive,
            parameters: entry.parameters, node: entry.node, at: at, simulated: entry.simulated, tables: [], destinations: destinations,
            activeNumber: entry.number)
        return [.eventMessageConfirmed(number: number, identity: entry.identity, clearing: clearing)]
    }

    /// Sets rows of one event table. Every row is checked before any is changed; rows already
    /// as requested are left out, and a command that changes nothing appends nothing.
    func decideSetFilters(table: Int, filters: [String: EventTableFilter]) throws(DomainError) -> [DomainEvent] {
        guard CapacityLimit.eventTables.range.contains(table) else {
            throw .outOfRange(.eventTables, field: "table", value: table)
        }
        var changed: [String: EventTableFilter] = [:]
        for (key, filter) in filters {
            guard let type = EventCatalogue.type(key: key) else {
                throw .invalid(field: "type", rule: "unknown event type \"\(key)\"")
            }
            let checked = try filter.validated()
            if table == EventTableDefaults.srmTable, checked != .none, type.severity.highest < .serious {
                throw .invalid(
                    field: "rows.\(key)",
                    rule: "table \(table) feeds the SRM destination, which is sent only serious and critical event messages "
                        + "(manual §6.3.1.3); \(key) is normal, so its row stays none")
            }
            if eventMessages.filter(table: table, type: type) != checked { changed[key] = checked }
        }
        return changed.isEmpty ? [] : [.eventFiltersSet(table: table, filters: changed)]
    }

    /// Switches a whole kind of destination on or off (manual §6.3.1.3).
    func decideSwitchKind(_ kind: SignalDestinationKind, on: Bool) -> [DomainEvent] {
        eventMessages.isKindOn(kind) == on ? [] : [.destinationKindSwitched(kind: kind, on: on)]
    }

    /// A Tab. 25 code: exactly four digits XXYY, XX and YY each a code the manual lists.
    private static func checkedCodePair(_ value: String, first: [Int: String], second: [Int: String], field: String) throws(DomainError) -> String {
        let digits = Array(value.utf8)
        guard digits.count == 4, digits.allSatisfy({ (0x30...0x39).contains($0) }), let xx = Int(value.prefix(2)), let yy = Int(value.suffix(2)) else {
            throw .invalid(field: field, rule: "four digits XXYY (e.g. 0403: reason 04 during action 03), as the manual writes it")
        }
        guard first[xx] != nil else {
            throw .invalid(
                field: field, rule: "reason XX \(value.prefix(2)) is not in the manual's table (00–\(EventParameter.twoDigits(first.keys.max() ?? 0)))")
        }
        guard second[yy] != nil else {
            throw .invalid(
                field: field, rule: "action YY \(value.suffix(2)) is not in the manual's table (00–\(EventParameter.twoDigits(second.keys.max() ?? 0)))")
        }
        return value
    }

    private static func checkedParameters(_ given: [String: String], of type: EventType) throws(DomainError) -> [String: String] {
        var checked: [String: String] = [:]
        for (key, value) in given {
            guard let parameter = type.parameters.first(where: { $0.key == key }) else {
                let known = type.parameters.map(\.key).joined(separator: ", ")
                throw .invalid(field: "parameters.\(key)", rule: "\(type.key) has no parameter \(key) (it has: \(known.isEmpty ? "none" : known))")
            }
            guard value.utf8.count <= EventMessageRequest.maximumParameterBytes, !value.contains(where: { $0.isNewline }) else {
                throw .invalid(field: "parameters.\(key)", rule: "one line of at most \(EventMessageRequest.maximumParameterBytes) bytes")
            }
            if case .codePair(let first, let second) = parameter.kind {
                checked[key] = try Self.checkedCodePair(value, first: first, second: second, field: "parameters.\(key)")
            } else if parameter.kind == .number {
                guard let number = Int(value) else { throw .invalid(field: "parameters.\(key)", rule: "must be a whole number") }
                if !parameter.codes.isEmpty, parameter.codes[number] == nil {
                    let codes = parameter.codes.keys.sorted().map(String.init).joined(separator: ", ")
                    throw .invalid(field: "parameters.\(key)", rule: "must be one of \(codes)")
                }
                checked[key] = String(number)
            } else {
                checked[key] = value
            }
        }
        for key in type.identifyingParameters where checked[key] == nil {
            throw .invalid(field: "parameters.\(key)", rule: "required: it identifies the fault of \(type.key)")
        }
        return checked
    }
}

extension EventMessageState {
    func occurrence(of type: EventType, number: Int64, severity: EventSeverity, parameters: [String: String], request: EventMessageRequest) -> EventMessage {
        let tables = request.target == nil ? forwardingTables(type: type, at: request.at) : []
        let destinations =
            request.target.map { [$0] } ?? routedDestinations(type: type, severity: severity, parameters: parameters, tables: tables)
        return EventMessage(
            number: number, type: type.key, code: type.code, severity: severity, polarity: type.polarity,
            parameters: parameters, node: request.node, at: request.at, simulated: request.simulated,
            tables: tables, destinations: destinations, target: request.target,
            activeNumber: request.target == nil ? activeNumber(of: type, parameters: parameters, opening: number) : nil
        )
    }

    /// The active message an occurrence lands in, as `apply(occurred:)` will fold it: a positive
    /// one clears its partner's entry, any other opens an entry or repeats the open one.
    private func activeNumber(of type: EventType, parameters: [String: String], opening number: Int64) -> Int64? {
        let open = active[EventMessageIdentity.of(type: type, parameters: parameters)]?.number
        return type.polarity == .positive ? open : open ?? number
    }
}
