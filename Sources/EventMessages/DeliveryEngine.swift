import ControlPlane
import Domain
import EventLog
import Logging
import Synchronization

/// The delivery side of event messages (docs/architecture.md "Event messages"): one outbox per destination
/// whose kind has an adapter in this build, each with its own cursor. Destinations without an
/// adapter yet (system phones, e-mail, ATAS, SNMP, SRM) keep their messages in the log — routed
/// and waiting — until their adapter lands; the event log destination needs none, its view is
/// part of the state.
public final class DeliveryEngine: Sendable {
    /// Builds the adapter for a configured destination; called again when its settings change.
    public typealias AdapterFactory = @Sendable (SignalDestination) throws -> any SignalDestinationAdapter

    private let outboxes: [String: DestinationOutbox]
    private let log: EventLog
    private let projection: StateProjection
    private let logger: Logger
    /// The outcomes of recent tests by log position, so a retried request (same
    /// `Idempotency-Key`) is answered with what happened instead of sending the test again.
    private let testOutcomes = Mutex<[Int64: TestMessageOutcome]>([:])
    private static let keptTestOutcomes = 256

    /// Each outbox is a reactor of `registry`, with the cursor `destination/<id>`.
    ///
    /// - Parameter adapterKinds: the kinds `makeAdapter` can build.
    /// - Throws: ``ReactorError`` when a destination's cursor cannot be read (the server must
    ///   not start and re-send the whole history) or is registered twice.
    public init(
        log: EventLog, registry: ReactorRegistry, projection: StateProjection, pipeline: CommandPipeline, clock: any WallClock,
        adapterKinds: Set<SignalDestinationKind>, makeAdapter: @escaping AdapterFactory, logger: Logger
    ) throws(ReactorError) {
        var outboxes: [String: DestinationOutbox] = [:]
        for (id, destination) in projection.current.state.eventMessages.destinations where adapterKinds.contains(destination.kind) {
            outboxes[id] = try DestinationOutbox(
                id: id, registry: registry, projection: projection, pipeline: pipeline, clock: clock,
                makeAdapter: makeAdapter, logger: logger)
        }
        self.outboxes = outboxes
        self.log = log
        self.projection = projection
        self.logger = logger
    }

    /// Runs every outbox, and the one reader that feeds them, until the task is cancelled.
    public func run() async {
        await withDiscardingTaskGroup { group in
            for outbox in outboxes.values {
                group.addTask { await outbox.run() }
            }
            group.addTask { await self.follow() }
        }
    }

    /// Reads the occurrences (and the confirmations' clearing messages) once for all outboxes — from the oldest cursor, catch-up then live —
    /// and hands each to the outboxes it was routed to, so a message is decoded once however
    /// many destinations it has. (The outboxes are reactors that pace themselves — batches of
    /// five minutes, retry rounds of hours — so they take their events from this shared reader
    /// and acknowledge through their ``ReactorCursor``, instead of one ``ReactorRunner``
    /// subscription each.)
    private func follow() async {
        guard let start = outboxes.values.map(\.startedAfter).min() else { return }
        let routed = Array(outboxes.values)
        do {
            for try await envelope in log.subscribe(after: start, filter: EventFilter(typePrefix: "eventmessage.")) {
                let message: EventMessage
                switch try DomainEvent.decode(type: envelope.type, schema: envelope.schema, payload: envelope.payload) {
                // A test message is sent straight to its one destination (``deliverTest``).
                case .eventMessageOccurred(let occurred)? where occurred.target == nil: message = occurred
                // A confirmation clears the message at the SNMP destinations (issue 13, point 11).
                case .eventMessageConfirmed(_, _, let clearing?)?: message = clearing
                default: continue
                }
                let delivery = EventMessageDelivery(position: envelope.position, message: message, witness: log.witness(of: envelope))
                for outbox in routed where message.destinations.contains(outbox.id) {
                    outbox.enqueue(delivery)
                }
            }
        } catch is CancellationError {
        } catch {
            logger.error("event-message delivery stopped reading the log", metadata: ["error": "\(error)"])
        }
    }

    /// The peer of destination `id` is back (an alarm server logged on): its waiting messages
    /// go now rather than at the next round of the retry schedule.
    public func peerReturned(destination id: String) {
        outboxes[id]?.peerReturned()
    }

    /// Sends the test event message at `delivery` to its target at once (issue 13, point 1),
    /// or — for a retried request — tells what happened the first time.
    public func deliverTest(_ delivery: EventMessageDelivery, isRetry: Bool) async -> TestMessageOutcome {
        let position = delivery.position
        if isRetry { return testOutcomes.withLock { $0[position] } ?? .unknown }
        guard let target = delivery.message.target else { return .unknown }
        let outcome: TestMessageOutcome
        if let outbox = outboxes[target] {
            outcome = await outbox.deliverTest(delivery)
        } else if projection.current.state.eventMessages.destinations[target]?.kind == .eventLog {
            outcome = .delivered(at: delivery.message.at)
        } else {
            outcome = .failed(DeliveryFailure(.notDefined, "no adapter for \(target) in this build"), at: delivery.message.at)
        }
        testOutcomes.withLock { outcomes in
            outcomes[position] = outcome
            if outcomes.count > Self.keptTestOutcomes, let oldest = outcomes.keys.min() { outcomes[oldest] = nil }
        }
        return outcome
    }

    /// Every destination, in the API's order, as of `state` folded to `position`.
    ///
    /// The event log destination is part of the state: everything folded is in its view, so it
    /// has delivered through `position`, last when its newest entry arrived (issue 13, point 6).
    /// A destination whose kind has no adapter in this build is not reachable: nothing reads
    /// its messages, which wait in the log until the adapter lands (point 5).
    public func statuses(state: SystemState, position: Int64) -> [DestinationDeliveryStatus] {
        SignalDestination.allIDs.compactMap { id in
            if let outbox = outboxes[id] { return outbox.status() }
            guard let destination = state.eventMessages.destinations[id] else { return nil }
            var status = DestinationDeliveryStatus(
                destination: id, hasAdapter: false, pending: nil, deliveredThrough: 0, reachable: false,
                failingSince: nil, lastError: Self.noAdapter(destination.kind), lastSuccessAt: nil, nextRoundAt: nil,
                retryIntervalSeconds: Int(DestinationOutbox.StateMachine.normalInterval / 1_000_000),
                attemptsPerRound: DestinationOutbox.StateMachine.normalAttempts, batched: destination.kind.isBatched
            )
            if destination.kind == .eventLog {
                status.hasAdapter = true
                status.pending = 0
                status.deliveredThrough = position
                status.reachable = true
                status.lastError = nil
                status.lastSuccessAt = state.eventMessages.eventLog.last { $0.destinations.contains(id) }?.at
            }
            return status
        }
    }

    /// Why a destination of `kind` delivers nothing in this build.
    public static func noAdapter(_ kind: SignalDestinationKind) -> String {
        "no adapter for \(kind.rawValue) destinations in this build; their event messages are kept in the log until it lands"
    }
}
