import Domain
import EventMessages

extension MIBSnapshot {
    /// The CALLPLANE-MIB view of one projected state. `lastChangeAt` is the wall-clock time
    /// the state last moved (the log's head time), `statuses` the delivery engine's view of each
    /// destination.
    public init(state: SystemState, position: Int64, lastChangeAt: Int64, statuses: [DestinationDeliveryStatus], softwareVersion: String) {
        var entries: [Entry] = []
        let messages = state.eventMessages
        func add(_ prefix: [UInt32], _ column: UInt32, _ index: [UInt32], _ value: MIBValue) {
            entries.append(Entry(name: prefix + [column] + index, value: value))
        }

        // cpSystem scalars.
        let active = messages.activeMessages
        let system = CallplaneMIB.system
        add(system, 1, [0], .text(state.identity.name))
        add(system, 2, [0], .text(state.identity.systemID))
        add(system, 3, [0], .text(softwareVersion))
        // A placeholder that keeps cpUptime.0 in the walk order; its value is made per request.
        add(system, 4, [0], .timeTicks(0))
        add(system, 5, [0], .integer(Self.status(messages.status)))
        add(system, 6, [0], .clampedGauge(active.count { $0.severity == .critical }))
        add(system, 7, [0], .clampedGauge(active.count { $0.severity == .serious }))
        add(system, 8, [0], .clampedGauge(active.count { $0.severity == .normal }))
        add(system, 9, [0], .dateAndTime(microseconds: lastChangeAt))
        add(system, 10, [0], .clampedUnsigned(position))

        for type in EventCatalogue.all {
            let index = [UInt32(type.code)]
            let entry = CallplaneMIB.eventTypeEntry
            add(entry, 2, index, .text(type.name))
            add(entry, 3, index, .text(type.key))
            add(entry, 4, index, .integer(Self.severityRule(type.severity)))
            add(entry, 5, index, .integer(Self.polarity(type.polarity)))
            add(entry, 6, index, .clampedUnsigned(type.partner.flatMap(EventCatalogue.type(key:))?.code ?? 0))
            for table in 1...CapacityLimit.eventTables.max {
                let filter = messages.filter(table: table, type: type)
                let filterIndex = [UInt32(table), UInt32(type.code)]
                let filterEntry = CallplaneMIB.filterEntry
                var frequency = 0, period = 0
                if case .custom(let f, let p) = filter { (frequency, period) = (f, p) }
                add(filterEntry, 3, filterIndex, .integer(Self.filterKind(filter)))
                add(filterEntry, 4, filterIndex, .clampedUnsigned(frequency))
                add(filterEntry, 5, filterIndex, .clampedUnsigned(period))
            }
        }

        for message in active {
            let index = [UInt32(clamping: message.number)]
            let entry = CallplaneMIB.activeEntry
            add(entry, 2, index, .clampedUnsigned(message.code))
            add(entry, 3, index, .text(EventCatalogue.type(key: message.type)?.name ?? message.type))
            add(entry, 4, index, .integer(CallplaneMIB.severity(message.severity)))
            add(entry, 5, index, .text(Self.parameterText(message.parameters)))
            add(entry, 6, index, .clampedUnsigned(message.node))
            add(entry, 7, index, .dateAndTime(microseconds: message.firstAt))
            add(entry, 8, index, .dateAndTime(microseconds: message.lastAt))
            add(entry, 9, index, .clampedUnsigned(message.count))
        }

        for message in messages.eventLog {
            let index = [UInt32(clamping: message.number)]
            let entry = CallplaneMIB.eventLogEntry
            add(entry, 2, index, .clampedUnsigned(message.code))
            add(entry, 3, index, .text(EventCatalogue.type(key: message.type)?.name ?? message.type))
            add(entry, 4, index, .integer(CallplaneMIB.severity(message.severity)))
            add(entry, 5, index, .text(Self.parameterText(message.parameters)))
            add(entry, 6, index, .clampedUnsigned(message.node))
            add(entry, 7, index, .dateAndTime(microseconds: message.at))
        }

        let statusByID = Dictionary(statuses.map { ($0.destination, $0) }, uniquingKeysWith: { first, _ in first })
        for (offset, id) in SignalDestination.allIDs.enumerated() {
            guard let destination = messages.destinations[id] else { continue }
            let index = [UInt32(offset + 1)]
            let entry = CallplaneMIB.destinationEntry
            let status = statusByID[id]
            add(entry, 2, index, .text(id))
            add(entry, 3, index, .integer(Int32(SignalDestinationKind.allCases.firstIndex(of: destination.kind)! + 1)))
            add(entry, 4, index, .truth(destination.enabled && messages.isKindOn(destination.kind)))
            add(entry, 5, index, .clampedUnsigned(destination.table))
            add(entry, 6, index, .truth(status?.reachable ?? true))
            add(entry, 7, index, .dateAndTime(microseconds: status?.lastSuccessAt ?? 0))
            add(entry, 8, index, .clampedGauge(status?.pending ?? 0))
        }

        // Usage against capacity: the limits whose records the state holds. The index is the
        // limit's place in ``CapacityLimit``, which only ever grows at its end.
        for (offset, limit) in CapacityLimit.allCases.enumerated() {
            guard let used = state.usage(of: limit) else { continue }
            let index = [UInt32(offset + 1)]
            let entry = CallplaneMIB.usageEntry
            add(entry, 2, index, .text(limit.rawValue))
            add(entry, 3, index, .clampedGauge(used))
            add(entry, 4, index, .clampedGauge(limit.max))
        }
        self.init(entries: entries)
    }

    /// `key=value; key=value`, sorted by key: one text column an NMS can show as it is.
    public static func parameterText(_ parameters: [String: String]) -> String {
        parameters.keys.sorted().map { "\($0)=\(parameters[$0]!)" }.joined(separator: "; ")
    }

    static func status(_ status: SystemStatus) -> Int32 {
        switch status {
        case .normal: 1
        case .serious: 2
        case .critical: 3
        }
    }

    static func severityRule(_ rule: EventSeverityRule) -> Int32 {
        switch rule {
        case .fixed(let severity): CallplaneMIB.severity(severity)
        case .seriousOrCritical: 5
        }
    }

    static func polarity(_ polarity: EventPolarity) -> Int32 {
        switch polarity {
        case .none: 1
        case .negative: 2
        case .positive: 3
        }
    }

    static func filterKind(_ filter: EventTableFilter) -> Int32 {
        switch filter {
        case .none: 1
        case .every: 2
        case .custom: 3
        }
    }
}
