import Foundation

/// The append-only log that is the only truth of the system (DESIGN rule 1).
///
/// SQLite in WAL mode with `synchronous=FULL` in the data directory. One writer thread owns
/// the write connection and commits whatever appends are waiting as one transaction with one
/// flush (group commit); an append returns only once its events are durable. Reads use their
/// own connections and never block the writer.
public final class EventLog: Sendable {
    public enum AccessMode: Sendable { case readWrite, readOnly }

    /// Opens (creating it if needed) the log at `path`, applying the bundled migrations in order.
    /// - Throws: ``EventLogError/databaseNewerThanCode(databaseVersion:codeVersion:)`` when the
    ///   file was migrated by a newer build; nothing is changed then.
    public static func open(path: String, mode: AccessMode = .readWrite, clock: any WallClock = SystemWallClock()) throws -> EventLog {
        fatalError("unimplemented")
    }

    /// The last durable position (0 for an empty log).
    public var head: Int64 { fatalError("unimplemented") }

    // MARK: Appending

    /// Queues `request` for the next group commit and returns at once; queue order is commit
    /// order, so a caller that decides under its own lock keeps its decisions in log order.
    public func submit(_ request: AppendRequest) -> AppendTicket { fatalError("unimplemented") }

    /// Appends and waits until the events are durable.
    public func append(_ request: AppendRequest) async throws -> AppendResult {
        try await submit(request).result()
    }

    // MARK: Reading

    /// Events with position > `after`, in order, at most `limit`, matching `filter`.
    public func read(after: Int64 = 0, limit: Int = 1000, filter: EventFilter = .all) throws -> [EventEnvelope] {
        fatalError("unimplemented")
    }

    /// The event at `position`, if any.
    public func event(at position: Int64) throws -> EventEnvelope? { fatalError("unimplemented") }

    /// The position of the event with this id, if it was appended.
    public func position(ofEventID id: UUID) throws -> Int64? { fatalError("unimplemented") }

    /// The number of events in `stream` (0 when it does not exist).
    public func version(ofStream stream: String) throws -> Int64 { fatalError("unimplemented") }

    /// The replay fast path: calls `body` for each event after `after` in order, up to `limit`
    /// rows, without building Strings. Returns the last position seen (or `after`).
    @discardableResult
    public func scan(after: Int64, limit: Int = .max, _ body: (borrowing RawEventRow) throws -> Void) throws -> Int64 {
        fatalError("unimplemented")
    }

    /// Catches up from `after` and then follows live appends, with no gap and no duplicate,
    /// even while appends race with the switch from catch-up to live.
    public func subscribe(after: Int64 = 0, filter: EventFilter = .all) -> EventSubscription {
        fatalError("unimplemented")
    }

    /// Live subscriptions at this moment.
    public var subscriberCount: Int { fatalError("unimplemented") }

    // MARK: Reactor cursors (DESIGN rule 3)

    /// The last position `reactor` has handled (0 if it never ran).
    public func cursor(of reactor: String) throws -> Int64 { fatalError("unimplemented") }

    /// Every reactor's cursor.
    public func cursors() throws -> [String: Int64] { fatalError("unimplemented") }

    /// Durably records that `reactor` has handled everything up to `position`.
    public func setCursor(of reactor: String, to position: Int64) async throws { fatalError("unimplemented") }

    // MARK: Snapshots

    /// Durably stores a snapshot; older snapshots of the same kind are pruned (the newest 2 stay).
    public func saveSnapshot(_ snapshot: Snapshot) async throws { fatalError("unimplemented") }

    /// The newest snapshot of `kind` with `schema`, if any.
    public func latestSnapshot(kind: String, schema: Int) throws -> Snapshot? { fatalError("unimplemented") }

    // MARK: Integrity

    /// Walks the chain from the first event and reports the first position that does not match.
    public func verify() throws -> ChainVerification { fatalError("unimplemented") }

    // MARK: Lifecycle

    /// Refuses new appends, lets every queued append commit, then closes the connections.
    public func close() async { fatalError("unimplemented") }
}
