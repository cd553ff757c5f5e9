extension EventMessageState {
    /// The tables whose filter lets an occurrence of `type` at `at` through, read-only: `decide`
    /// asks, `apply` then counts (``count(_:type:)``) with the same rule, so both agree.
    func forwardingTables(type: EventType, at: Int64) -> [Int] {
        var tables: [Int] = []
        for table in 1...CapacityLimit.eventTables.max {
            switch filter(table: table, type: type) {
            case .none:
                continue
            case .every:
                tables.append(table)
            case .custom(let frequency, let periodHours):
                let counter = counters[Self.counterKey(table: table, type: type.key)] ?? EventTableCounter()
                if counter.wouldForward(at: at, frequency: frequency, periodHours: periodHours) {
                    tables.append(table)
                }
            }
        }
        return tables
    }

    /// The destinations an occurrence goes to: switched on (and its kind too), linked to a table
    /// that forwarded it — and never the destination the message is about (docs/architecture.md: a destination
    /// never receives its own failure). An SRM destination is never sent a normal message
    /// (manual §6.3.1.3), whichever table it has been linked to; a type output unfiltered on
    /// local destinations (Tab. 24) reaches every enabled one whatever its table says. "Send
    /// e-mail failed" and its partner never go to an e-mail destination (issue 17, point 2): the
    /// e-mail about a failed e-mail would fail the same way, and each failure raise another.
    func routedDestinations(type: EventType, severity: EventSeverity, parameters: [String: String], tables: [Int]) -> [String] {
        guard !tables.isEmpty || type.unfilteredOnLocal else { return [] }
        let about = type.parameters.first?.key == "destination" ? parameters["destination"] : nil
        let aboutEmail = type.key == EventCatalogue.Key.sendEmailFailed || type.key == EventCatalogue.Key.emailSuccessfullySent
        var routed: [String] = []
        for id in SignalDestination.allIDs {
            guard let destination = destinations[id], destination.enabled, isKindOn(destination.kind),
                tables.contains(destination.table) || (type.unfilteredOnLocal && destination.kind == .local), id != about,
                destination.kind != .srm || severity >= .serious, destination.kind != .email || !aboutEmail
            else { continue }
            routed.append(id)
        }
        return routed
    }

    /// Folds the filter counters for an occurrence (not for a test message sent to one
    /// destination, which bypasses the tables).
    ///
    /// Only a row that differs from its first-start default can be custom (the defaults are
    /// `none` or `every`, ``EventTableDefaults``), so only the custom rows among the overrides
    /// are looked at (``EventTableCustomRows``): replay folds every occurrence through here.
    mutating func count(_ message: EventMessage, type: EventType) {
        for row in customRows.rows(for: type) {
            _ = counters[row.counterKey, default: EventTableCounter()].count(at: message.at, frequency: row.frequency, periodHours: row.periodHours)
        }
    }
}
