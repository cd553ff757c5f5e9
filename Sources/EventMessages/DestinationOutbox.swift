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
    private let failedRounds: Counter
    /// The cursor the outbox started from: the engine's reader hands it only later messages.
    let startedAfter: Int64

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
        return DestinationDeliveryStatus(
            destination: id, hasAdapter: true, pending: queue.count, deliveredThrough: cursor.position,
            reachable: machine.isReachable, failingSince: failingSince, lastError: lastError,
            lastSuccessAt: machine.lastSuccessAt, nextRoundAt: machine.nextRoundAt == 0 ? nil : machine.nextRoundAt,
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
        var adapter: (any SignalDestinationAdapter)?
        var adapterFor: SignalDestination?
        defer {
            if let adapter { Task { await adapter.close() } }
        }
        do {
            while true {
                let first = try await queue.first()
                guard let destination, destination.isConfigured else {
                    // Settings were removed while messages were waiting: keep them, look again later.
                    try await clock.sleep(until: clock.now() + StateMachine.normalInterval)
                    continue
                }
                var due = machine.withLock { $0.nextRoundAt }
                if destination.kind.isBatched {
                    due = max(due, first.message.at + machine.withLock { $0.interval })
                }
                try await clock.sleep(until: due)

                if adapterFor != destination {
                    if let adapter { await adapter.close() }
                    adapter = try makeAdapter(destination)
                    adapterFor = destination
                }
                guard let adapter else { continue }
                let batch = queue.peek(Self.batchLimit)
                guard let last = batch.last else { continue }
                let failure = await attemptRound(adapter, batch)
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

    /// Up to `attempts` tries, a moment apart: a collector that is restarting or an HTTP
    /// receiver under load often takes the second try.
    private func attemptRound(_ adapter: any SignalDestinationAdapter, _ batch: [EventMessageDelivery]) async -> DeliveryFailure? {
        let attempts = machine.withLock { $0.attempts }
        var failure: DeliveryFailure?
        for attempt in 1...attempts {
            do {
                try await adapter.deliver(batch)
                return nil
            } catch let error {
                failure = error
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
