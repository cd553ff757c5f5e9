import EventLog

/// A replay in two lanes at once (``EventLog/scanWithReadAhead(after:skipping:readerLane:foldOnReader:decode:_:)``):
/// the event messages fold on one thread, the rest of the configuration on the other, each
/// from the same starting state, and the two ends are merged.
///
/// Sound because no event's fold crosses the two parts: an event-message event changes only
/// ``SystemState/eventMessages`` (and its stream's version), every other event leaves it alone,
/// and neither reads the other part. `EveryEventTypeTests` folds one of each declared type in
/// two lanes against the single fold, so a type put in the wrong lane fails there.
extension SystemState {
    public enum ReplayLane: Sendable {
        /// Occurrences, confirmations, event tables and signal destinations.
        case eventMessages
        /// Everything else, including rows that are not domain events (their fold skips them).
        case configuration
    }

    /// The configuration lane's fold: folds a stored row of that lane (a row that is no domain
    /// event is skipped, as ``apply(_:)-(RawEventRow)`` skips it) and answers true; answers false,
    /// folding nothing, for an event-message row, which is the other lane's. The row's type is
    /// dispatched once for both questions.
    public mutating func foldInConfigurationLane(_ row: borrowing RawEventRow) throws -> Bool {
        guard let kind = DomainEvent.Kind(bytes: row.type) else { return true }
        guard kind.replayLane == .configuration else { return false }
        apply(try DomainEvent.decode(kind, schema: row.schema, payload: row.payload))
        return true
    }

    /// Whether a log whose rows' types are like `sample` replays faster in two lanes than with
    /// both threads decoding for one fold (rows that are not domain events, the telephony facts,
    /// are left out of the count: the configuration's replay leaves them in SQLite).
    ///
    /// The reader's lane also carries the reading, so the lanes only pay when the event messages
    /// are enough of the work: measured on the realistic log with part of its occurrences
    /// removed (docs/benchmarks.md), two lanes were 9 % slower with event messages 36 % of the
    /// domain rows, 8 % faster at 49 %, and twice as slow with none.
    public static func replaysFasterInLanes(sample: [String]) -> Bool {
        var eventMessages = 0
        var domain = 0
        for type in sample {
            var type = type
            guard let kind = type.withUTF8({ DomainEvent.Kind(bytes: $0) }) else { continue }
            domain += 1
            if kind.replayLane == .eventMessages { eventMessages += 1 }
        }
        return domain > 0 && Double(eventMessages) >= Double(domain) * lanesFromEventMessageShare
    }

    /// The share of event messages among the domain rows from which two lanes pay (between the
    /// 36 % and 49 % measured above).
    static let lanesFromEventMessageShare = 0.43

    /// The state the event-message lane starts from: this one, with no stream version counted
    /// yet; ``merge(eventMessageLane:)`` adds the lane's counts to the other's.
    public var eventMessageLaneStart: SystemState {
        var start = self
        start.streamVersions = [:]
        return start
    }

    /// Makes this state (the configuration lane's end) the whole replay's: the event-message
    /// lane's part and its streams' versions.
    public mutating func merge(eventMessageLane lane: SystemState) {
        eventMessages = lane.eventMessages
        for (stream, count) in lane.streamVersions { streamVersions[stream, default: 0] += count }
    }
}

extension DomainEvent.Kind {
    /// Every type named, so a new one has to be put in a lane.
    var replayLane: SystemState.ReplayLane {
        switch self {
        case .eventMessageOccurred, .eventMessageConfirmed, .eventFiltersSet, .destinationConfigured, .destinationKindSwitched:
            .eventMessages
        case .systemIdentitySet, .userCreated, .userUpdated, .userDeleted, .terminalCreated, .terminalUpdated, .terminalDeleted,
            .accountCreated, .accountUpdated, .accountDeleted, .accountPasswordSet, .accountAccess, .profileCreated, .profileUpdated,
            .profileDeleted, .accessControlSettingsSet, .remoteMaintenanceSet, .snmpAgentSet, .tlsCertificateInstalled,
            .tlsCertificateExpiryReported, .dosProtectionSet, .userTelephonySet, .messageGroupSet, .messageGroupDeleted,
            .emergencySettingsSet, .mediaRelaySet, .sipProviderSet, .sipProviderDeleted, .sipAccountSet, .sipAccountDeleted,
            .trunkRoutingSet, .ddiPlanSet, .smtpServerSet, .backupSettingsSet, .backupCreated, .backupDeleted, .srmSettingsSet:
            .configuration
        }
    }
}
