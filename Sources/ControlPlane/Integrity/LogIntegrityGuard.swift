import Domain
import EventLog
import Logging
import Synchronization

/// Holds the log to its chain and its witnesses while the server runs, and refuses
/// administrative writes while it is in doubt (issue 13, point 19).
///
/// - At start, ``checkAtStart()`` walks the chain from the verified mark (hashing runs at over a
///   million events a second, so only a long-stopped log costs seconds) and holds the log to
///   every witness: the mark, the witness file, each snapshot's binding. A cut tail is still a
///   valid chain, so only a witness beyond the head reveals it.
/// - Sound: the mark and the witness file move to the head. Unsound: the finding is logged at
///   critical level, ``suspicion`` is set (the API answers writes 503
///   `log_integrity_unacknowledged`, reads go on), and the server raises the critical event
///   message `log_integrity_violated` through ``raiseAlarm(pipeline:)``.
/// - ``witness()`` repeats the incremental check while running and at shutdown, so the witness
///   never lags the head by more than its interval. It moves nothing while in doubt: the
///   finding must survive a restart until someone acknowledges it.
/// - ``acknowledge(origin:pipeline:)`` records the administrator's acknowledgement in the
///   log (`log_integrity_acknowledged`, with actor and source, clearing the active message),
///   makes the log as it now stands the verified point, and accepts writes again.
public final class LogIntegrityGuard: Sendable {
    private let log: EventLog
    private let witnessFile: WitnessFile
    private let clock: any WallClock
    private let logger: Logger
    private let suspected = Mutex<IntegritySuspicion?>(nil)

    public static let alarmOrigin = CommandOrigin(actor: "system", source: "integrity-check")

    public init(log: EventLog, witnessFile: WitnessFile, clock: any WallClock, logger: Logger) {
        self.log = log
        self.witnessFile = witnessFile
        self.clock = clock
        self.logger = logger
    }

    /// The finding that makes the server refuse writes; `nil` while the log is trusted.
    public var suspicion: IntegritySuspicion? { suspected.withLock { $0 } }

    /// The start-up check: from the verified mark to the head, against every witness.
    @discardableResult
    public func checkAtStart() async throws -> IntegrityReport {
        let report = try check(fromVerifiedMark: true)
        if report.isSound {
            try await advanceWitnesses(to: report.headWitness)
            let walked: Int64 = if case let .intact(events, _) = report.chain { events } else { 0 }
            logger.info("event log verified", metadata: ["head": "\(report.head)", "events_walked": "\(walked)"])
        } else {
            suspect(report)
        }
        return report
    }

    /// The whole log walked from the first event, against every witness, with each snapshot's
    /// verdict (`GET /api/v1/audit/verify`).
    public func fullReport() throws -> IntegrityReport {
        try check(fromVerifiedMark: false)
    }

    /// The periodic and shutdown check. Returns the new suspicion when this check found one, so
    /// the caller raises the alarm; `nil` otherwise (sound, or already in doubt).
    public func witness() async throws -> IntegritySuspicion? {
        guard suspicion == nil else { return nil }
        let report = try check(fromVerifiedMark: true)
        guard report.isSound else { return suspect(report) }
        try await advanceWitnesses(to: report.headWitness)
        return nil
    }

    /// Raises `log_integrity_violated` for the current suspicion, so every destination (SNMP,
    /// syslog, webhook) hears of it and it stays active until acknowledged.
    public func raiseAlarm(pipeline: CommandPipeline) async throws {
        guard let suspicion else { return }
        let request = EventMessageRequest(
            type: EventCatalogue.Key.logIntegrityViolated,
            parameters: ["finding": EventMessageRequest.parameterValue(suspicion.finding), "head": String(suspicion.head)], at: clock.now())
        _ = try await pipeline.execute(.raiseEventMessage(request), origin: Self.alarmOrigin)
    }

    /// An administrator accepts the log as it now stands. Recorded first (so the record exists
    /// even if moving the witnesses fails), then the verified mark and the witness file move to
    /// the head, then writes are accepted again.
    /// - Throws: ``IntegrityRefusal/nothingToAcknowledge`` while nothing is suspected.
    public func acknowledge(origin: CommandOrigin, pipeline: CommandPipeline) async throws -> (suspicion: IntegritySuspicion, position: Int64) {
        guard let suspicion else { throw IntegrityRefusal.nothingToAcknowledge }
        let outcome = try await pipeline.execute(
            .raiseEventMessage(EventMessageRequest(type: EventCatalogue.Key.logIntegrityAcknowledged, at: clock.now())), origin: origin)
        let report = try check(fromVerifiedMark: true)
        try await advanceWitnesses(to: report.headWitness)
        suspected.withLock { $0 = nil }
        logger.notice(
            "integrity finding acknowledged; writes are accepted again",
            metadata: ["finding": "\(suspicion.finding)", "actor": "\(origin.actor)", "source": "\(origin.source)", "head": "\(report.head)"])
        return (suspicion, outcome.position)
    }

    private func check(fromVerifiedMark: Bool) throws -> IntegrityReport {
        var outside: [String: ChainWitness] = [:]
        if let witness = witnessFile.read() { outside["witness file"] = witness }
        return try log.checkIntegrity(outside: outside, fromVerifiedMark: fromVerifiedMark)
    }

    private func advanceWitnesses(to head: ChainWitness) async throws {
        try await log.saveVerifiedMark(head)
        try witnessFile.write(head)
    }

    @discardableResult
    private func suspect(_ report: IntegrityReport) -> IntegritySuspicion {
        let suspicion = IntegritySuspicion(finding: report.finding ?? "integrity check failed", head: report.head, detectedAt: clock.now())
        suspected.withLock { $0 = suspicion }
        logger.critical(
            "the event log does not match its hash chain or its witnesses; administrative writes are refused until an administrator acknowledges (POST /api/v1/audit/integrity/acknowledge or callplane audit acknowledge)",
            metadata: ["finding": "\(suspicion.finding)", "head": "\(report.head)", "report": "\(report.description)"])
        return suspicion
    }
}
