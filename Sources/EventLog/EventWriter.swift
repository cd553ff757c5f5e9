import CSQLite
import Dispatch
import Foundation

/// The writer thread's state: the write connection, its prepared statements, the chain head
/// and the per-batch scratch space.
///
/// `@unchecked Sendable` only so it can be handed to the thread's `@Sendable` closure: it is
/// built on the opening thread, and from `start()` on it is touched by the writer thread alone
/// (nothing else keeps a reference that reaches its mutable state). Everything the rest of the
/// log needs from it travels through Sendable types: ``WriteQueue`` in, ``LiveHead`` and
/// ``CompletionPromise`` out.
final class EventWriter: @unchecked Sendable {
    /// What became of one operation of the batch, delivered only once the batch is durable.
    enum Outcome {
        case appended(AppendResult)
        case done
        case refused(EventLogError)
    }

    /// A stream-version cache bigger than this is dropped rather than grown (call streams are
    /// many and short-lived; a miss costs one index seek).
    static let streamCacheLimit = 65_536

    private let connection: SQLiteConnection
    private var statements: Statements?
    private let queue: WriteQueue
    private let live: LiveHead
    let clock: any WallClock
    private let metrics: EventLogMetrics
    /// Fulfilled when the queue is drained and the connection closed.
    let finished = CompletionPromise<Void>()

    // Durable state (as of the last commit).
    private var head: Int64 = 0
    private var chainHead = ChainHash.genesis
    /// The `at` of the last event: no event gets an earlier one (see `append`).
    private var lastAt: Int64 = .min
    private var dataVersion: Int64 = 0
    /// Versions of recently written streams: committed ones, and during a batch that batch's
    /// own (emptied when a batch fails, so it never outlives a rollback).
    var streamVersions: [String: Int64] = [:]

    // The batch being written; reused from batch to batch to keep allocations off the hot path.
    // (Internal rather than private only so that EventWriter+Append.swift can use them.)
    private var batch: [WriteOperation] = []
    private var outcomes: [Outcome] = []
    var batchHead: Int64 = 0
    var batchHash = ChainHash.genesis
    var batchAt: Int64 = .min
    var chain = EventChain()

    init(connection: SQLiteConnection, queue: WriteQueue, live: LiveHead, clock: any WallClock, metrics: EventLogMetrics) throws(EventLogError) {
        self.connection = connection
        self.queue = queue
        self.live = live
        self.clock = clock
        self.metrics = metrics
        statements = try Statements(connection)
        batch.reserveCapacity(256)
        outcomes.reserveCapacity(256)
        try reloadHead()
    }

    /// The durable head at open (before the thread starts).
    var openedHead: Int64 { head }

    /// Starts the thread; from here on only that thread touches `self`.
    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "callplane-eventlog-writer"
        thread.start()
    }

    /// Awaited operations in the last batch, and how long it took from its first take to its
    /// commit: the next batch stays open for as many, but waits idle for them no longer than a
    /// quarter of that in all (so a partial batch costs at most that in latency, against a whole
    /// extra flush for the stragglers).
    private var lastBatchCount = 1
    private var lastBatchNanoseconds: UInt64 = 0
    private static let maxIdleBudgetNanoseconds: UInt64 = 250_000
    /// How many awaiting appenders of a batch the writer resumes itself; a task on the
    /// cooperative pool resumes the others.
    ///
    /// After a commit the writer is the log's bottleneck: the appenders it resumes come back
    /// one after another, and it inserts each as it arrives. Each resume cost the writer about
    /// 1.5 µs (handing the task to the pool), 22–26 µs for 16 appenders, and the next batch's
    /// inserts waited behind them. Resuming the first here and the rest from the pool moves that
    /// off the writer's thread; the first resumed appender is back as soon as before. Measured
    /// (issue 12, point 8; docs/benchmarks.md): 16 appenders with 8 appends in flight each
    /// went from 75,000 to 78,500 events/s; with each awaiting its append the gain is lost in
    /// the disk's noise.
    static let resumedByTheWriter = 1
    /// How long appends nobody awaits (telephony facts) may wait for others to share their
    /// commit. Nobody was told they are durable, so a crash in this window loses nothing that
    /// was acknowledged (a call open in the log is closed at the next start); under load it
    /// turns one flush — and one wake-up of every log follower — per few facts into one per
    /// 5 ms (measured at 1,000 calls/s: see docs/benchmarks.md).
    static let unawaitedLingerNanoseconds: UInt64 = 5_000_000

    private func run() {
        while queue.take(into: &batch, unawaitedLingerNanoseconds: Self.unawaitedLingerNanoseconds) {
            let start = DispatchTime.now().uptimeNanoseconds
            lastBatchCount = writeBatch(expecting: lastBatchCount, idleBudgetNanoseconds: min(Self.maxIdleBudgetNanoseconds, lastBatchNanoseconds / 4))
            lastBatchNanoseconds = DispatchTime.now().uptimeNanoseconds &- start
            batch.removeAll(keepingCapacity: true)
        }
        statements = nil
        // Readers open read-only and cannot checkpoint at their close, so the writer folds the WAL
        // into the database file on its way out: a closed log is one file, which a restore can
        // move into place on its own (issue 18). Best effort: a reader still busy only leaves
        // frames in the WAL, which the next open reads as usual.
        try? connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.close()
        finished.complete(.success(()))
    }

    // MARK: The group commit

    /// Writes and commits the batch, taking more while it writes until `expecting` awaited
    /// operations are in it; returns how many awaited operations it held (the next batch's
    /// expectation).
    private func writeBatch(expecting: Int, idleBudgetNanoseconds: UInt64) -> Int {
        guard let statements else { return expecting }
        outcomes.removeAll(keepingCapacity: true)
        var eventsWritten = 0
        var awaited = 0
        do throws(EventLogError) {
            try run(statements.begin)
            try checkForeignWrites(statements)
            batchHead = head
            batchHash = chainHead
            batchAt = lastAt
            var budget = idleBudgetNanoseconds
            while true {
                while outcomes.count < batch.count {
                    let operation = batch[outcomes.count]
                    if operation.isAwaited { awaited += 1 }
                    outcomes.append(try apply(operation, statements, eventsWritten: &eventsWritten))
                }
                guard awaited < expecting, queue.takeMore(into: &batch, idleBudgetNanoseconds: &budget) else { break }
            }
            try run(statements.commit)
        } catch {
            if connection.isInTransaction { try? run(statements.rollback) }
            // Nothing of the batch is durable: the in-memory head and hash stay where the last
            // commit left them, and every operation learns why.
            streamVersions.removeAll(keepingCapacity: true)
            for operation in batch { Self.fail(operation, with: error) }
            return awaited
        }

        head = batchHead
        chainHead = batchHash
        lastAt = batchAt

        live.publish(head: head)
        if eventsWritten > 0 {
            metrics.appends.increment(by: Int64(eventsWritten))
            metrics.batchSize.record(eventsWritten)
        }
        let now = DispatchTime.now().uptimeNanoseconds
        var resumedHere = 0
        var resumeLater: [CompletionPromise<AppendResult>.Waiters] = []
        for (operation, outcome) in zip(batch, outcomes) {
            switch (operation, outcome) {
            case let (.append(_, promise, submittedAt), .appended(result)):
                if !result.isRetry { metrics.appendLatency.recordNanoseconds(Int64(now &- submittedAt)) }
                let waiters = promise.fulfil(.success(result))
                if waiters.isEmpty { continue }
                if resumedHere < Self.resumedByTheWriter {
                    waiters.resume()
                    resumedHere += 1
                } else {
                    resumeLater.append(waiters)
                }
            case let (.append(_, promise, _), .refused(error)):
                promise.complete(.failure(error))
            case let (.setCursor(_, _, promise), .done), let (.saveSnapshot(_, _, _, promise), .done), let (.saveMark(_, _, promise), .done):
                promise.complete(.success(()))
            case let (.setCursor(_, _, promise), .refused(error)), let (.saveSnapshot(_, _, _, promise), .refused(error)),
                let (.saveMark(_, _, promise), .refused(error)):
                promise.complete(.failure(error))
            default:
                Self.fail(operation, with: .storage(code: SQLITE_INTERNAL, message: "writer outcome does not match its operation"))
            }
        }
        if !resumeLater.isEmpty {
            // The requests were made on their appenders' threads; dropped here, their strings
            // were freed by the writer, the log's bottleneck, into other threads' malloc arenas
            // (issue 12, point 8). The task that resumes the appenders drops them instead; the
            // writer's next batch starts in a fresh array (one allocation a commit).
            let written = batch
            batch = []
            batch.reserveCapacity(written.capacity)
            Task.detached { [resumeLater] in
                for waiters in resumeLater { waiters.resume() }
                withExtendedLifetime(written) {}
            }
        }
        return awaited
    }

    private static func fail(_ operation: WriteOperation, with error: EventLogError) {
        switch operation {
        case let .append(_, promise, _): promise.complete(.failure(error))
        case let .setCursor(_, _, promise): promise.complete(.failure(error))
        case let .saveSnapshot(_, _, _, promise): promise.complete(.failure(error))
        case let .saveMark(_, _, promise): promise.complete(.failure(error))
        }
    }

    private func apply(_ operation: WriteOperation, _ statements: Statements, eventsWritten: inout Int) throws(EventLogError) -> Outcome {
        switch operation {
        case let .append(request, _, _):
            return try append(request, statements, eventsWritten: &eventsWritten)
        case let .setCursor(reactor, position, _):
            guard !reactor.isEmpty else { return .refused(.invalidRequest("a cursor needs a reactor name")) }
            guard (0...batchHead).contains(position) else {
                return .refused(.invalidRequest("cursor position \(position) is outside 0…\(batchHead)"))
            }
            let upsert = statements.upsertCursor
            defer { upsert.reset() }
            try upsert.bind(1, reactor)
            try upsert.bind(2, position)
            try upsert.bind(3, clock.now())
            _ = try upsert.step()
            return .done
        case let .saveSnapshot(snapshot, eventHash, mac, _):
            guard !snapshot.kind.isEmpty else { return .refused(.invalidRequest("a snapshot needs a kind")) }
            guard (0...batchHead).contains(snapshot.position) else {
                return .refused(.invalidRequest("snapshot position \(snapshot.position) is outside 0…\(batchHead)"))
            }
            let upsert = statements.upsertSnapshot
            defer { upsert.reset() }
            try upsert.bind(1, snapshot.kind)
            try upsert.bind(2, snapshot.position)
            try upsert.bind(3, Int64(snapshot.schema))
            try upsert.bind(4, blob: snapshot.state)
            try upsert.bind(5, clock.now())
            try upsert.bind(6, blob: eventHash)
            try upsert.bind(7, blob: mac)
            _ = try upsert.step()
            let prune = statements.pruneSnapshots
            defer { prune.reset() }
            try prune.bind(1, snapshot.kind)
            _ = try prune.step()
            return .done
        case let .saveMark(name, witness, _):
            guard (0...batchHead).contains(witness.position) else {
                return .refused(.invalidRequest("mark position \(witness.position) is outside 0…\(batchHead)"))
            }
            let upsert = statements.upsertMark
            defer { upsert.reset() }
            try upsert.bind(1, name)
            try upsert.bind(2, witness.position)
            try upsert.bind(3, blob: witness.hash)
            try upsert.bind(4, blob: witness.mac)
            try upsert.bind(5, clock.now())
            _ = try upsert.step()
            return .done
        }
    }

    // MARK: Head

    /// Another connection (another process) committed since our last transaction: our head,
    /// hash and version cache are stale. Checked inside the write transaction, where nobody
    /// else can write, so the reload is exact.
    private func checkForeignWrites(_ statements: Statements) throws(EventLogError) {
        let select = statements.dataVersion
        defer { select.reset() }
        guard try select.step() else { return }
        let version = select.int64(0)
        guard version != dataVersion else { return }
        try reloadHead()
    }

    private func reloadHead() throws(EventLogError) {
        guard let statements else { throw .closed }
        do {
            let select = statements.lastEvent
            defer { select.reset() }
            if try select.step() {
                head = select.int64(0)
                guard let hash = ChainHash(bytes: select.bytes(1)) else {
                    throw EventLogError.storage(code: SQLITE_CORRUPT, message: "the hash of position \(head) is not 32 bytes")
                }
                chainHead = hash
                lastAt = select.int64(2)
            } else {
                head = 0
                chainHead = .genesis
                lastAt = .min
            }
        }
        do {
            let select = statements.dataVersion
            defer { select.reset() }
            if try select.step() { dataVersion = select.int64(0) }
        }
        streamVersions.removeAll(keepingCapacity: true)
    }

    private func run(_ statement: SQLiteStatement) throws(EventLogError) {
        defer { statement.reset() }
        _ = try statement.step()
    }
}
