import EventLog
import Synchronization

/// Every reactor and projection of the running server, by name: what `GET /api/v1/reactors`
/// lists with each one's position and lag, and what ``moveAll(to:)`` moves.
///
/// Restoring a backup replays its log and must then re-send nothing (architecture rule 5): moving
/// every cursor to the restored head is that one operation.
public final class ReactorRegistry: Sendable {
    private enum Entry {
        case reactor(ReactorCursor)
        case projection(@Sendable () -> Int64)
    }

    private let log: EventLog
    private let entries = Mutex<[String: Entry]>([:])

    public init(log: EventLog) {
        self.log = log
    }

    /// Loads the stored cursor of `name` (0 when it never ran) and registers it.
    ///
    /// - Throws: ``ReactorError/cursorUnreadable(reactor:underlying:)`` when the log cannot say
    ///   where the reactor stood: starting from 0 instead would re-deliver the whole history.
    public func cursor(named name: String) throws(ReactorError) -> ReactorCursor {
        let position: Int64
        do {
            position = try log.cursor(of: name)
        } catch {
            throw .cursorUnreadable(reactor: name, underlying: "\(error)")
        }
        let cursor = ReactorCursor(name: name, log: log, position: position)
        try entries.withLock { entries throws(ReactorError) in
            guard entries[name] == nil else { throw .duplicateName(name) }
            entries[name] = .reactor(cursor)
        }
        return cursor
    }

    /// Lists a projection (a fold with a snapshot instead of a cursor) for its lag.
    public func registerProjection(named name: String, position: @escaping @Sendable () -> Int64) throws(ReactorError) {
        try entries.withLock { entries throws(ReactorError) in
            guard entries[name] == nil else { throw .duplicateName(name) }
            entries[name] = .projection(position)
        }
    }

    /// Every entry, by name, with its lag behind the head as of now.
    public func statuses() -> [ReactorStatus] {
        let head = log.head
        let snapshot = entries.withLock { $0 }
        return snapshot.keys.sorted().map { name in
            switch snapshot[name]! {
            case .reactor(let cursor):
                let position = cursor.position
                return ReactorStatus(
                    name: name, kind: .reactor, position: position, lag: max(0, head - position),
                    state: cursor.stoppedReason.map { .stopped($0) } ?? .running)
            case .projection(let position):
                let at = position()
                return ReactorStatus(name: name, kind: .projection, position: at, lag: max(0, head - at), state: .running)
            }
        }
    }

    /// Moves every reactor's cursor to `position` (projections stay where they are: they must
    /// fold every event). Running reactors drop what they hold at or before it; a move back
    /// takes effect for a reactor's reading at its next start.
    ///
    /// - Returns: the names of the reactors moved.
    @discardableResult
    public func moveAll(to position: Int64) async throws -> [String] {
        let head = log.head
        guard position >= 0, position <= head else { throw ReactorError.positionBeyondHead(position: position, head: head) }
        let cursors = entries.withLock { entries in
            entries.compactMap { _, entry -> ReactorCursor? in
                if case .reactor(let cursor) = entry { return cursor }
                return nil
            }
        }
        for cursor in cursors { try await cursor.move(to: position) }
        return cursors.map(\.name).sorted()
    }
}
