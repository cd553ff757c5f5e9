import EventLog

/// A reaction to the log that must happen once per event, across restarts (architecture rule 3): a
/// signal destination's delivery, a monitor, an index a query needs.
///
/// The ``ReactorRunner`` reads the events after the reactor's cursor that match ``filter``,
/// calls ``react(to:)`` in log order, and moves the cursor past an event only after the call
/// returned. A crash between the two hands the event over again, so a reactor handles each
/// event **at least once** and must treat the event's position as its idempotency key (a
/// position it has already acted on is acknowledged, not acted on twice).
///
/// Reactors whose work is paced by time rather than by the log (an outbox that batches for
/// five minutes, manual §6.3.1.3) take a ``ReactorCursor`` from the ``ReactorRegistry`` and
/// acknowledge positions themselves; they are listed, lagged and moved the same way.
public protocol Reactor: Sendable {
    /// The cursor's name, unique in the registry; e.g. `destination/local`.
    var name: String { get }
    /// The events it reacts to. Its cursor moves with the events it handled, so its lag counts
    /// every later event of the log, matching or not.
    var filter: EventFilter { get }
    /// Handles one event. Throwing keeps the cursor before the event: the runner retries it
    /// after ``ReactorRunner/retryDelay``.
    func react(to event: EventEnvelope) async throws
}
