import ControlPlane
import Domain
import EventLog
import Logging
import Metrics
import Synchronization

/// One destination's outbox (architecture rule 3): the occurrences routed to it, read from the log
/// after its cursor, delivered in order and at least once, with the log position as the
/// idempotency key. The cursor moves only after the adapter has taken a batch, so a crash or a
/// kill re-delivers the last batch rather than losing it.
///
/// A failed round raises "External / Internal event message destination not reachable" about
/// this destination, and its recovery the positive partner; routing sends both only to the
/// *other* destinations.
final class DestinationOutbox: Sendable {
    let id: String
    private let projection: StateProjection
    private let pipeline: CommandPipeline
    private let clock: any WallClock
    private let makeAdapter: DeliveryEngine.AdapterFactory
    private let logger: Logger
    private let queue = OutboxQueue()
    private let machine: Mutex<StateMachine>
    private let cursor: ReactorCursor
    private let delivered: Counter
    /// The adapter for the destination's current settings, shared by the rounds and by tests so
    /// a test never closes the session a round is using.
    private let adapter = Mutex<(settings: SignalDestination, adapter: any SignalDestinationAdapter)?>(nil)
    private let failedRounds: Counter
    /// The cursor the outbox started from: the engine's reader hands it only later messages.
    let startedAfter: Int64
    /// Ends the wait for the next round early (``peerReturned()``).
    private let wake = RoundWake()

    static let batchLimit = 500

    static func cursorName(of id: String) -> String { "destination/" + id }

    /// - Throws: ``ReactorError`` when the destination's cursor cannot be read: starting from 0
    ///   would send it the whole history again.
    init(
        id: String, registry: ReactorRegistry, projection: StateProjection, pipeline: CommandPipeline, clock: any WallClock,
        makeAdapter: @escaping DeliveryEngine.AdapterFactory, logger: Logger
    ) throws(ReactorError) {
        self.id = id
        self.projection = projection
        self.pipeline = pipeline
        self.clock = clock
        self.makeAdapter = makeAdapter
        self.logger = logger
        let active = projection.current.state.eventMessages.activeMessages
        let notReachable: Set = [EventCatalogue.Key.externalDestinationNotReachable, EventCatalogue.Key.internalDestinationNotReachable]
        let outage = active.first { $0.parameters["destination"] == id && notReachable.contains($0.type) }
        machine = Mutex(StateMachine(failingSince: outage?.firstAt))
        cursor = try registry.cursor(named: Self.cursorName(of: id))
        startedAfter = cursor.position
        delivered = Counter(label: "callplane_eventmessages_delivered_total", dimensions: [("destination", id)])
        failedRounds = Counter(label: "callplane_eventmessages_failed_rounds_total", dimensions: [("destination", id)])
        // A restore moves every cursor to its head: what waits here was already delivered.
        cursor.onMove { [queue] position in queue.drop(through: position) }
    }

    private var destination: SignalDestination? {
        projection.current.state.eventMessages.destinations[id]
    }

    func status() -> DestinationDeliveryStatus {
        let machine = machine.withLock { $0 }
        var failingSince: Int64?, lastError: String?
        if case .failing(let since, let last) = machine.state {
            failingSince = since
            lastError = last.description
        }
        // A retry's moment or a batch's, as `run` sleeps on it: "nothing before then" can be
        // read, not waited for.
        let nextRound = machine.roundDue(oldestWaitingAt: queue.peek(1).first?.message.at, batched: destination?.kind.isBatched == true)
        return DestinationDeliveryStatus(
            destination: id, hasAdapter: true, pending: queue.count, deliveredThrough: cursor.position,
            reachable: machine.isReachable, failingSince: failingSince, lastError: lastError,
            lastSuccessAt: machine.lastSuccessAt, nextRoundAt: nextRound == 0 ? nil : nextRound,
            retryIntervalSeconds: Int(machine.interval / 1_000_000), attemptsPerRound: machine.attempts,
            batched: destination?.kind.isBatched ?? false
        )
    }

    /// Queues an occurrence routed to this destination (called by the engine's one reader).
    func enqueue(_ delivery: EventMessageDelivery) {
        guard delivery.position > cursor.position else { return }
        queue.append(delivery)
    }

    /// Delivers until cancelled (shutdown).
    func run() async {
        defer {
            if let open = adapter.withLock({ $0?.adapter }) { Task { await open.close() } }
        }
        do {
            while true {
                let first = try await queue.first()
                guard let destination, destination.isConfigured else {
                    // Settings were removed while messages were waiting: keep them, look again later.
                    try await clock.sleep(until: clock.now() + StateMachine.normalInterval)
                    continue
                }
                let due = machine.withLock { $0.roundDue(oldestWaitingAt: first.message.at, batched: destination.kind.isBatched) }
                try await sleep(until: due)
                // The settings may have changed or gone during a sleep of up to 4 hours: the round
                // uses what holds now, or none (issue 14, point 7).
                guard let current = self.destination, current.isConfigured else { continue }

                let batch = queue.peek(Self.batchLimit)
                guard let last = batch.last else { continue }
                // An adapter that cannot be made (a certificate file gone, a secret that no
                // longer opens) fails the round like a peer that does not answer: the outage is
                // reported and the next round tries again. It used to stop the outbox for good
                // (issue 14, point 7).
                let failure: DeliveryFailure?
                do {
                    failure = await attemptRound(try await adapter(for: current), batch)
                } catch {
                    failure = DeliveryFailure(.notDefined, "the destination's adapter could not be made: \(error)")
                }
                let now = clock.now()
                if let failure {
                    failedRounds.increment()
                    let outageBegins = machine.withLock { $0.roundFailed(at: now, failure) }
                    logger.warning(
                        "event-message destination not reachable", metadata: ["destination": "\(id)", "error": "\(failure)", "pending": "\(queue.count)"])
                    if outageBegins { await report(reachable: false, cause: failure.cause) }
                } else {
                    try await cursor.acknowledge(through: last.position)
                    queue.drop(through: last.position)
                    delivered.increment(by: batch.count)
                    if machine.withLock({ $0.delivered(at: now) }) {
                        logger.notice("event-message destination reachable again", metadata: ["destination": "\(id)"])
                        await report(reachable: true, cause: nil)
                    }
                }
            }
        } catch is CancellationError {
        } catch {
            cursor.stop("\(error)")
            logger.critical("event-message outbox stopped", metadata: ["destination": "\(id)", "error": "\(error)"])
        }
    }

    /// The destination's peer is back — a peer that connects to the server, as an alarm server
    /// logs on at the ATAS interface, tells so, where others can only be tried: the waiting
    /// messages go now, not at the retry schedule's next round (up to 5 minutes, or 4 hours in a
    /// long outage, manual §6.3.1.3).
    func peerReturned() {
        machine.withLock { $0.peerReturned(at: clock.now()) }
        wake.signal()
    }

    /// Sleeps until `due`, or until ``peerReturned()`` makes the round due now.
    private func sleep(until due: Int64) async throws {
        guard due > clock.now() else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [clock] in try? await clock.sleep(until: due) }
            group.addTask { [wake] in await wake.wait() }
            await group.next()
            group.cancelAll()
        }
        try Task.checkCancellation()
    }

    /// Sends a test event message at once, in one attempt, outside the batch and the retry
    /// rounds: manual §6.3.1, a test message "is signalled without any delay, directly at the
    /// selected signal destination" (issue 13, point 1). Its outcome is the caller's answer; it
    /// does not move the outage schedule, whose next round still comes at its time.
    func deliverTest(_ delivery: EventMessageDelivery) async -> TestMessageOutcome {
        guard let destination, destination.isConfigured else {
            return .failed(DeliveryFailure(.notDefined, "\(id) has no settings"), at: clock.now())
        }
        do {
            try await adapter(for: destination).deliver([delivery])
            return .delivered(at: clock.now())
        } catch let failure as DeliveryFailure {
            logger.notice("test event message not delivered", metadata: ["destination": "\(id)", "error": "\(failure)"])
            return .failed(failure, at: clock.now())
        } catch {
            return .failed(DeliveryFailure(.notDefined, "no adapter: \(error)"), at: clock.now())
        }
    }

    /// The adapter for `destination`'s settings, built when they changed; the one it replaces
    /// is closed after the new one is in place (an SNMP destination's new session must stay).
    private func adapter(for destination: SignalDestination) async throws -> any SignalDestinationAdapter {
        let (current, replaced) = try adapter.withLock { slot throws -> (any SignalDestinationAdapter, (any SignalDestinationAdapter)?) in
            if let slot, slot.settings == destination { return (slot.adapter, nil) }
            let made = try makeAdapter(destination)
            defer { slot = (destination, made) }
            return (made, slot?.adapter)
        }
        if let replaced { await replaced.close() }
        return current
    }

    /// Up to `attempts` tries, a moment apart: a collector that is restarting or an HTTP
    /// receiver under load often takes the second try. A destination that refused the batch as
    /// ``DeliveryFailure/Cause/barred`` (a mail server's 5xx, credentials refused) would refuse
    /// the next attempt the same way, so the round ends there.
    private func attemptRound(_ adapter: any SignalDestinationAdapter, _ batch: [EventMessageDelivery]) async -> DeliveryFailure? {
        let attempts = machine.withLock { $0.attempts }
        var failure: DeliveryFailure?
        for attempt in 1...attempts {
            do {
                try await adapter.deliver(batch)
                return nil
            } catch let error {
                failure = error
                if error.cause == .barred { return error }
            }
            if attempt < attempts { try? await Task.sleep(for: .milliseconds(100)) }
        }
        return failure
    }

    /// Raises the destination's reachability message; the event tables and routing then take it
    /// to every *other* destination.
    private func report(reachable: Bool, cause: DeliveryFailure.Cause?) async {
        guard let kind = destination?.kind else { return }
        let type =
            switch (kind.isExternal, reachable) {
            case (true, false): EventCatalogue.Key.externalDestinationNotReachable
            case (true, true): EventCatalogue.Key.externalDestinationReachable
            case (false, false): EventCatalogue.Key.internalDestinationNotReachable
            case (false, true): EventCatalogue.Key.internalDestinationReachable
            }
        var parameters = ["destination": id]
        if let cause { parameters["cause"] = String(cause.rawValue) }
        do {
            _ = try await pipeline.execute(
                .raiseEventMessage(EventMessageRequest(type: type, parameters: parameters, at: clock.now())),
                origin: CommandOrigin(actor: "system", source: "eventmessages/" + id)
            )
        } catch {
            logger.error("could not record a destination's reachability", metadata: ["destination": "\(id)", "error": "\(error)"])
        }
    }
}
