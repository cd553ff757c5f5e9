import EventLog
import Synchronization

/// A reactor's place in the log: the last position it has handled, kept in the log's
/// `cursors` table beside the events it refers to, so both survive (and are restored) together.
///
/// Writes are queued under the cursor's lock, so an acknowledgement that races with a
/// ``ReactorRegistry/moveAll(to:)`` can never land after the move and undo it.
public final class ReactorCursor: Sendable {
    public let name: String
    private let log: EventLog
    private struct Place {
        var position: Int64
        var stopped: String?
        var onMove: (@Sendable (Int64) -> Void)?
    }

    private let place: Mutex<Place>

    init(name: String, log: EventLog, position: Int64) {
        self.name = name
        self.log = log
        self.place = Mutex(Place(position: position))
    }

    /// The last position handled (durable or queued to become so).
    public var position: Int64 { place.withLock { $0.position } }

    /// Why the reactor stopped, or `nil` while it runs.
    public var stoppedReason: String? { place.withLock { $0.stopped } }

    /// Records that everything up to `position` is handled. Never moves the cursor back: an
    /// acknowledgement older than a move is dropped.
    ///
    /// - Throws: ``ReactorError/cursorNotSaved(reactor:position:underlying:)`` when the log
    ///   cannot store it; the cursor is then marked stopped, and the reactor must stop too.
    public func acknowledge(through position: Int64) async throws(ReactorError) {
        let ticket = place.withLock { place -> CursorTicket? in
            guard position > place.position else { return nil }
            place.position = position
            return log.submitCursor(of: name, to: position)
        }
        guard let ticket else { return }
        do {
            try await ticket.saved()
        } catch {
            let failure = ReactorError.cursorNotSaved(reactor: name, position: position, underlying: "\(error)")
            stop(failure.description)
            throw failure
        }
    }

    /// Called with the new position after a move, so the reactor drops what it holds in memory
    /// at or before it (an outbox's waiting messages).
    public func onMove(_ handler: @escaping @Sendable (Int64) -> Void) {
        place.withLock { $0.onMove = handler }
    }

    /// Marks the cursor stopped for good, with the reason the registry shows.
    public func stop(_ reason: String) {
        place.withLock { place in
            if place.stopped == nil { place.stopped = reason }
        }
    }

    /// Sets the cursor to `position`, forward or back, durably; then tells the reactor.
    func move(to position: Int64) async throws {
        let (ticket, handler) = place.withLock { place in
            place.position = position
            return (log.submitCursor(of: name, to: position), place.onMove)
        }
        try await ticket.saved()
        handler?(position)
    }
}
