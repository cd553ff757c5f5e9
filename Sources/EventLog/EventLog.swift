import CSQLite
import Foundation
import Logging
import Synchronization

/// The append-only log that is the only truth of the system (architecture rule 1).
///
/// SQLite in WAL mode with `synchronous=FULL` in the data directory. One writer thread owns
/// the write connection and commits whatever appends are waiting as one transaction with one
/// flush (group commit); an append returns only once its events are durable. Reads use their
/// own connections and never block the writer.
public final class EventLog: Sendable {
    public enum AccessMode: Sendable { case readWrite, readOnly }

    let path: String
    let mode: AccessMode
    let clock: any WallClock
    /// Binds snapshots and authenticates witnesses (issue 13, points 18 and 19); without it no
    /// snapshot is saved or loaded and ``checkIntegrity(outside:fromVerifiedMark:)`` refuses.
    let integrityKey: LogIntegrityKey?
    let live: LiveHead
    let readers: ReadPool
    /// `nil` when read-only: there is no writer thread then.
    let queue: WriteQueue?
    /// Fulfilled by the writer thread once it has drained the queue and closed its connection.
    let writerFinished: CompletionPromise<Void>?
    let metrics: EventLogMetrics
    let logger: Logger
    /// Read back after setting it, for the record (and the tests).
    let synchronousMode: Int64
    let journalMode: String
    /// Set by the first `close()`; later calls await the same outcome.
    let closing = Mutex<CompletionPromise<Void>?>(nil)

    private init(
        path: String, mode: AccessMode, clock: any WallClock, integrityKey: LogIntegrityKey?, live: LiveHead, readers: ReadPool,
        queue: WriteQueue?, writerFinished: CompletionPromise<Void>?, metrics: EventLogMetrics,
        logger: Logger, synchronousMode: Int64, journalMode: String
    ) {
        self.path = path
        self.mode = mode
        self.clock = clock
        self.integrityKey = integrityKey
        self.live = live
        self.readers = readers
        self.queue = queue
        self.writerFinished = writerFinished
        self.metrics = metrics
        self.logger = logger
        self.synchronousMode = synchronousMode
        self.journalMode = journalMode
    }

    deinit {
        // Dropped without close(): the writer still commits what was queued, then ends.
        queue?.shutDown()
        live.close()
        readers.close()
    }

    /// Opens (creating it if needed) the log at `path`, applying the bundled migrations in order.
    ///
    /// `integrityKey` (derived from `secret.key`) binds snapshots to the chain and authenticates
    /// witnesses; a log opened without one (tools, benchmarks) replays instead of loading
    /// snapshots and cannot save them.
    /// - Throws: ``EventLogError/databaseNewerThanCode(databaseVersion:codeVersion:)`` when the
    ///   file was migrated by a newer build; nothing is changed then.
    public static func open(
        path: String, mode: AccessMode = .readWrite, clock: any WallClock = SystemWallClock(), integrityKey: LogIntegrityKey? = nil
    ) throws -> EventLog {
        let logger = Logger(label: "callplane.eventlog")
        let migrator = Migrator(migrations: try Migration.bundled(), logger: logger)
        let metrics = EventLogMetrics()
        switch mode {
        case .readOnly:
            return try openReadOnly(path: path, clock: clock, integrityKey: integrityKey, migrator: migrator, metrics: metrics, logger: logger)
        case .readWrite:
            return try openReadWrite(path: path, clock: clock, integrityKey: integrityKey, migrator: migrator, metrics: metrics, logger: logger)
        }
    }

    private static func openReadWrite(
        path: String, clock: any WallClock, integrityKey: LogIntegrityKey?, migrator: Migrator, metrics: EventLogMetrics, logger: Logger
    ) throws -> EventLog {
        try prepareOwnerOnlyFiles(at: path)
        let connection = try SQLiteConnection(path: path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        sqlite3_busy_timeout(connection.handle, 5_000)
        try migrator.refuseNewer(connection)
        let journalMode = try connection.scalarText("PRAGMA journal_mode = WAL") ?? ""
        guard journalMode.lowercased() == "wal" else {
            throw EventLogError.storage(code: SQLITE_ERROR, message: "\(path): journal_mode is \(journalMode), not WAL")
        }
        try connection.execute("PRAGMA synchronous = FULL")
        // An append is acknowledged as durable: anything but FULL could lose acknowledged
        // events on power loss, so a build or platform that will not give FULL must not run.
        let synchronous = try connection.scalarInt("PRAGMA synchronous") ?? -1
        guard synchronous == 2 else {
            throw EventLogError.storage(
                code: SQLITE_ERROR, message: "\(path): PRAGMA synchronous reads back \(synchronous), not 2 (FULL); refusing to run without durable commits")
        }
        // The writer's working set is the right edge of the table and of the indexes plus the
        // random leaves of the id index: keep them in memory.
        try connection.execute("PRAGMA cache_size = -32768")
        try migrator.migrate(connection, now: clock.now())

        let live = LiveHead(head: 0)
        let queue = WriteQueue()
        let writer = try EventWriter(connection: connection, queue: queue, live: live, clock: clock, metrics: metrics)
        let head = writer.openedHead
        live.publish(head: head, commit: false)
        writer.start()
        logger.info("event log open", metadata: ["path": "\(path)", "mode": "read-write", "head": "\(head)", "schema": "\(migrator.codeVersion)"])
        return EventLog(
            path: path, mode: .readWrite, clock: clock, integrityKey: integrityKey, live: live, readers: ReadPool(path: path),
            queue: queue, writerFinished: writer.finished, metrics: metrics, logger: logger,
            synchronousMode: synchronous, journalMode: journalMode.lowercased())
    }

    private static func openReadOnly(
        path: String, clock: any WallClock, integrityKey: LogIntegrityKey?, migrator: Migrator, metrics: EventLogMetrics, logger: Logger
    ) throws -> EventLog {
        guard FileManager.default.fileExists(atPath: path) else {
            throw EventLogError.storage(code: SQLITE_CANTOPEN, message: "no event log at \(path) (a read-only open never creates one)")
        }
        let readers = ReadPool(path: path)
        let head = try readers.withConnection { connection in
            try migrator.checkReadOnly(connection, path: path)
            return try connection.scalarInt("SELECT max(position) FROM events") ?? 0
        }
        let journalMode = try readers.withConnection { try $0.scalarText("PRAGMA journal_mode") ?? "" }
        logger.info("event log open", metadata: ["path": "\(path)", "mode": "read-only", "head": "\(head)", "schema": "\(migrator.codeVersion)"])
        return EventLog(
            path: path, mode: .readOnly, clock: clock, integrityKey: integrityKey, live: LiveHead(head: head), readers: readers,
            queue: nil, writerFinished: nil, metrics: metrics, logger: logger,
            synchronousMode: -1, journalMode: journalMode.lowercased())
    }

    /// The last durable position (0 for an empty log).
    public var head: Int64 { live.head }

    /// Transactions the writer has committed since open (each one flush).
    var commitCount: Int { live.commits }

    // MARK: Lifecycle

    /// Refuses new appends, lets every queued append commit, then closes the connections.
    public func close() async {
        let (promise, first) = closing.withLock { closing -> (CompletionPromise<Void>, Bool) in
            if let promise = closing { return (promise, false) }
            let promise = CompletionPromise<Void>()
            closing = promise
            return (promise, true)
        }
        guard first else {
            try? await promise.value()
            return
        }
        queue?.shutDown()
        try? await writerFinished?.value()
        live.close()
        readers.close()
        logger.info("event log closed", metadata: ["path": "\(path)", "head": "\(head)"])
        promise.complete(.success(()))
    }

    /// Refuses writes on a read-only log with the error the API promises.
    func writeQueue() throws(EventLogError) -> WriteQueue {
        guard let queue else { throw .readOnly }
        return queue
    }
}
