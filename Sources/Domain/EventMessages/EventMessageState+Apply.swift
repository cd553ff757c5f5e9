extension EventMessageState {
    /// Folds an occurrence: numbering, filter counters, the active set, the views.
    mutating func apply(occurred message: EventMessage) {
        nextNumber = Swift.max(nextNumber, message.number + 1)
        let hour = message.at / Self.hour
        if hour != floodHour {
            floodHour = hour
            floodCounts = [:]
            floodReported = false
        }
        floodCounts[message.type, default: 0] += 1
        if message.type == EventCatalogue.Key.tooManyEventMessages { floodReported = true }

        guard let type = EventCatalogue.type(key: message.type) else { return }
        if message.target == nil {
            count(message, type: type)
            if type.key == EventCatalogue.Key.malfunction, let errorID = message.parameters["errorId"] {
                _ = errorCounters[errorID, default: EventTableCounter()]
                    .count(at: message.at, frequency: Self.errorsPerHourLimit + 1, periodHours: 1)
            }
            let identity = EventMessageIdentity.of(type: type, parameters: message.parameters)
            switch type.polarity {
            case .positive:
                active.removeValue(forKey: identity)
            case .negative, .none:
                // One lookup, and the repeat updates the entry in place.
                if let index = active.index(forKey: identity) {
                    active.values[index].repeated(by: message)
                } else {
                    active[identity] = ActiveEventMessage(
                        number: message.number, identity: identity, type: message.type, code: message.code,
                        severity: message.severity, parameters: message.parameters, node: message.node, firstAt: message.at,
                        lastAt: message.at, lastNumber: message.number, count: 1, simulated: message.simulated
                    )
                }
            }
        }
        if message.destinations.contains("event_log") {
            eventLog.append(message, keepingAtMost: CapacityLimit.eventLogEntries.max)
        }
        if type.key == EventCatalogue.Key.mainsVoltageFailure {
            powerFailures.append(message, keepingAtMost: CapacityLimit.powerFailureEntries.max)
        }
    }

    mutating func apply(confirmed identity: String) {
        active.removeValue(forKey: identity)
    }

    /// A changed row counts afresh (its old count belonged to another rule).
    ///
    /// The table's rows are edited as a copy and stored once: every store into `tableOverrides`
    /// rebuilds the custom-row index, and a whole table set in one command would otherwise
    /// rebuild it once or twice per row.
    mutating func apply(table: Int, filters: [String: EventTableFilter]) {
        var rows = tableOverrides[String(table)] ?? [:]
        for (typeKey, filter) in filters {
            counters.removeValue(forKey: Self.counterKey(table: table, type: typeKey))
            guard let type = EventCatalogue.type(key: typeKey) else { continue }
            if filter == EventTableDefaults.filter(table: table, type: type) {
                rows.removeValue(forKey: typeKey)
            } else {
                rows[typeKey] = filter
            }
        }
        tableOverrides[String(table)] = rows.isEmpty ? nil : rows
    }
}
