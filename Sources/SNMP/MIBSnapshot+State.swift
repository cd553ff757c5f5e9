import Domain
import EventMessages

extension MIBSnapshot {
    /// The CALLPLANE-MIB view of one projected state. `lastChangeAt` is the wall-clock time
    /// the state last moved (the log's head time), `statuses` the delivery engine's view of each
    /// destination. `liveUsage` is what the call core counts and the configuration does not
    /// (``CapacityLimit/registeredTerminals``, ``CapacityLimit/simultaneousCalls``): each limit
    /// given gets its row in cpUsageTable.
    public init(
        state: SystemState, lastChangeAt: Int64, statuses: [DestinationDeliveryStatus], softwareVersion: String, liveUsage: [CapacityLimit: Int] = [:]
    ) {
        let messages = state.eventMessages
        let active = messages.activeMessages
        let types = EventCatalogue.all.sorted { $0.code < $1.code }
        // Everything is added in OID order (MIBSnapshot.Builder): the tables in their order
        // under cpObjects, each column by column, each column's rows by index.
        var builder = Builder(capacity: 10 + types.count * (5 + 3 * CapacityLimit.eventTables.max) + active.count * 8 + messages.eventLog.count * 6)

        // cpSystem scalars.
        let system = CallplaneMIB.system
        builder.add(system, 1, [0], .text(state.identity.name))
        builder.add(system, 2, [0], .text(state.identity.systemID))
        builder.add(system, 3, [0], .text(softwareVersion))
        builder.add(system, 4, [0], .uptime)
        builder.add(system, 5, [0], .integer(Self.status(messages.status)))
        builder.add(system, 6, [0], .clampedGauge(active.count { $0.severity == .critical }))
        builder.add(system, 7, [0], .clampedGauge(active.count { $0.severity == .serious }))
        builder.add(system, 8, [0], .clampedGauge(active.count { $0.severity == .normal }))
        builder.add(system, 9, [0], .dateAndTime(microseconds: lastChangeAt))
        // The newest event message's number, as cpEventLogIndex and cpNotifyLogPosition count:
        // the log's own position also counts configuration changes (issue 13, point 8).
        builder.add(system, 10, [0], .clampedUnsigned(messages.nextNumber - 1))

        builder.table(
            CallplaneMIB.eventTypeEntry, firstColumn: 2,
            rows: types.map { type in
                (
                    [UInt32(type.code)],
                    [
                        .text(type.name),
                        .text(type.key),
                        .integer(Self.severityRule(type.severity)),
                        .integer(Self.polarity(type.polarity)),
                        .clampedUnsigned(type.partner.flatMap(EventCatalogue.type(key:))?.code ?? 0),
                    ]
                )
            })

        builder.table(
            CallplaneMIB.activeEntry, firstColumn: 2,
            rows: active.map { message in
                (
                    [UInt32(clamping: message.number)],
                    Self.messageCells(
                        code: message.code, type: message.type, severity: message.severity,
                        parameters: message.parameters, node: message.node) + [
                            .dateAndTime(microseconds: message.firstAt),
                            .dateAndTime(microseconds: message.lastAt),
                            .clampedUnsigned(message.count),
                        ]
                )
            })

        builder.table(
            CallplaneMIB.eventLogEntry, firstColumn: 2,
            rows: messages.eventLog.sorted { $0.number < $1.number }.map { message in
                (
                    [UInt32(clamping: message.number)],
                    Self.messageCells(
                        code: message.code, type: message.type, severity: message.severity,
                        parameters: message.parameters, node: message.node) + [
                            .dateAndTime(microseconds: message.at)
                        ]
                )
            })

        builder.table(
            CallplaneMIB.filterEntry, firstColumn: 3,
            rows: (1...CapacityLimit.eventTables.max).flatMap { table in
                types.map { type in
                    let filter = messages.filter(table: table, type: type)
                    var frequency = 0, period = 0
                    if case .custom(let f, let p) = filter { (frequency, period) = (f, p) }
                    return ([UInt32(table), UInt32(type.code)], [.integer(Self.filterKind(filter)), .clampedUnsigned(frequency), .clampedUnsigned(period)])
                }
            })

        let statusByID = Dictionary(statuses.map { ($0.destination, $0) }, uniquingKeysWith: { first, _ in first })
        builder.table(
            CallplaneMIB.destinationEntry, firstColumn: 2,
            rows: SignalDestination.allIDs.enumerated().compactMap { offset, id in
                guard let destination = messages.destinations[id] else { return nil }
                let status = statusByID[id]
                return (
                    [UInt32(offset + 1)],
                    [
                        .text(id),
                        .integer(Int32(SignalDestinationKind.allCases.firstIndex(of: destination.kind)! + 1)),
                        .truth(destination.enabled && messages.isKindOn(destination.kind)),
                        .clampedUnsigned(destination.table),
                        .truth(status?.reachable ?? true),
                        .dateAndTime(microseconds: status?.lastSuccessAt ?? 0),
                        .clampedGauge(status?.pending ?? 0),
                    ]
                )
            })

        // Usage against capacity: the limits whose records the state holds, and those the call
        // core counts. The index is the limit's place in ``CapacityLimit``, which only ever
        // grows at its end.
        builder.table(
            CallplaneMIB.usageEntry, firstColumn: 2,
            rows: CapacityLimit.allCases.enumerated().compactMap { offset, limit in
                guard let used = state.usage(of: limit) ?? liveUsage[limit] else { return nil }
                return ([UInt32(offset + 1)], [.text(limit.rawValue), .clampedGauge(used), .clampedGauge(limit.max)])
            })
        self = builder.snapshot()
    }

    /// The columns cpActiveEventMessageTable and cpEventLogTable share, in the MIB's order:
    /// code, name, severity, parameters, node.
    static func messageCells(code: Int, type: String, severity: EventSeverity?, parameters: [String: String], node: Int) -> [MIBValue] {
        [
            .clampedUnsigned(code),
            .text(EventCatalogue.type(key: type)?.name ?? type),
            .integer(CallplaneMIB.severity(severity)),
            .text(parameterText(parameters)),
            .clampedUnsigned(node),
        ]
    }

    /// `key=value; key=value`, sorted by key: one text column an NMS can show as it is.
    public static func parameterText(_ parameters: [String: String]) -> String {
        parameters.keys.sorted().map { "\($0)=\(parameters[$0]!)" }.joined(separator: "; ")
    }

    /// Numbered as `CpSeverity` (issue 13, point 12): one numbering for a severity wherever
    /// the MIB shows one.
    static func status(_ status: SystemStatus) -> Int32 {
        switch status {
        case .normal: 2
        case .serious: 3
        case .critical: 4
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
