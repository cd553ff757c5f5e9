import Domain
import EventLog
import Logging
import Synchronization

/// The published ``SystemState``: the fold of every *durable* event, kept current by following
/// the log (it is a reactor of its own, docs/architecture.md "One picture").
///
/// Readers see only durable state; a writer that wants to read its own write waits with
/// ``waitUntil(position:)`` for the position its command returned.
public final class StateProjection: Sendable {
    /// The snapshot kind under which this projection caches itself.
    public static let snapshotKind = "system-state"

    private struct Published: ~Copyable {
        var state: SystemState
        var position: Int64
        var eventsSinceSnapshot: Int
        var waiters: [(position: Int64, continuation: CheckedContinuation<Void, Never>)] = []
        var finished = false
    }

    private let log: EventLog
    private let snapshotInterval: Int
    private let logger: Logger
    private let published: Mutex<Published>
    /// The hash of the published state at one position: encoding and hashing the whole state
    /// costs far more than serving it, and it changes only when the position does.
    private let hashCache = PositionCache<String>()

    /// How the state was rebuilt at start-up, for logs and the start-up benchmark.
    public let startup: StartupReport

    public struct StartupReport: Sendable {
        public var snapshotPosition: Int64?
        public var replayedEvents: Int64
        public var position: Int64
    }

    /// Rebuilds the state: the newest snapshot (unless `ignoreSnapshots`), then every later
    /// event through the log's replay fast path.
    public init(log: EventLog, snapshotInterval: Int, ignoreSnapshots: Bool = false, logger: Logger) throws {
        self.log = log
        self.snapshotInterval = snapshotInterval
        self.logger = logger
        var state = SystemState()
        var position: Int64 = 0
        var snapshotPosition: Int64?
        if !ignoreSnapshots,
            let snapshot = try log.latestSnapshot(kind: Self.snapshotKind, schema: SystemState.snapshotSchema)
        {
            do {
                state = try SystemState(canonicalEncoding: snapshot.state)
                position = snapshot.position
                snapshotPosition = snapshot.position
            } catch {
                logger.warning("ignoring an unreadable snapshot, replaying the whole log", metadata: ["position": "\(snapshot.position)", "error": "\(error)"])
            }
        }
        let replayFrom = position
        position = try Self.replay(log, after: position, into: &state)
        startup = StartupReport(snapshotPosition: snapshotPosition, replayedEvents: position - replayFrom, position: position)
        published = Mutex(Published(state: state, position: position, eventsSinceSnapshot: Int(position - replayFrom)))
    }

    /// Folds every event after `after` into `state` on both cores (the telephony facts, which
    /// the configuration's fold would skip, are left in SQLite) and returns the last position.
    /// Start-up, a rebuild after a failed append, the offline state hash and the replay
    /// benchmark all come through here.
    ///
    /// Two lanes (``SystemState/ReplayLane``): the read-ahead thread reads the rows, and decodes
    /// and folds the configuration's own (users, terminals, accounts, access attempts …) into
    /// one copy of the state; this thread decodes and folds the event messages into another,
    /// with the reader decoding some of them for it whenever it is ahead; the two are merged at
    /// the end. Each value is then folded on the core that decoded it, which the issue 12
    /// replay figure needed (docs/benchmarks.md). The reader's lane also carries the reading,
    /// so a log with few event messages (judged from a sample of its rows' types) is replayed
    /// the other way: both threads decode, this one folds everything.
    public static func replay(_ log: EventLog, after: Int64, into state: inout SystemState) throws -> Int64 {
        let facts = FactFamily.telephony.map(\.typePrefix)
        guard SystemState.replaysFasterInLanes(sample: try log.sampleTypes(after: after, through: log.head, count: 256)) else {
            return try log.scanWithReadAhead(after: after, skipping: facts, decode: { row in try DomainEvent.decode(row) }) { event in
                if let event { state.apply(event) }
            }
        }
        var eventMessages = state.eventMessageLaneStart
        let (last, configuration) = try log.scanWithReadAhead(
            after: after, skipping: facts, readerLane: state,
            foldOnReader: { configuration, row in try configuration.foldInConfigurationLane(row) },
            decode: { row in try DomainEvent.decode(row) }
        ) { event in
            if let event { eventMessages.apply(event) }
        }
        state = configuration
        state.merge(eventMessageLane: eventMessages)
        return last
    }

    /// The current published state and the position it reflects.
    public var current: (state: SystemState, position: Int64) {
        published.withLock { ($0.state, $0.position) }
    }

    public var position: Int64 { published.withLock { $0.position } }

    /// The published state with its position and hash, all of one moment; the hash is computed
    /// once per position however many requests ask (outside the lock: a hash never holds up the
    /// fold).
    public func currentWithHash() -> (state: SystemState, position: Int64, hash: String) {
        let (state, position) = current
        return (state, position, hashCache.value(at: position) { state.stateHash() })
    }

    /// Returns once every event up to `position` is folded in (or the projection stopped).
    public func waitUntil(position: Int64) async {
        await withCheckedContinuation { continuation in
            let ready = published.withLock { published -> Bool in
                if published.position >= position || published.finished { return true }
                published.waiters.append((position, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Follows the log until it closes or the task is cancelled, snapshotting every
    /// `snapshotInterval` events; saves a last snapshot on the way out.
    public func run() async {
        let start = position
        do {
            for try await envelope in log.subscribe(after: start) {
                let event = try DomainEvent.decode(type: envelope.type, schema: envelope.schema, payload: envelope.payload)
                let (ready, snapshotDue) = published.withLock { published in
                    if let event { published.state.apply(event) }
                    published.position = envelope.position
                    published.eventsSinceSnapshot += 1
                    var ready: [CheckedContinuation<Void, Never>] = []
                    published.waiters.removeAll { waiter in
                        guard waiter.position <= envelope.position else { return false }
                        ready.append(waiter.continuation)
                        return true
                    }
                    return (ready, snapshotInterval > 0 && published.eventsSinceSnapshot >= snapshotInterval)
                }
                ready.forEach { $0.resume() }
                if snapshotDue { await saveSnapshot() }
            }
        } catch is CancellationError {
        } catch {
            logger.error("state projection stopped", metadata: ["error": "\(error)"])
        }
        finish()
    }

    /// Stores the published state as a snapshot, if anything changed since the last one.
    public func saveSnapshot() async {
        let (state, position, due) = published.withLock { ($0.state, $0.position, $0.eventsSinceSnapshot > 0) }
        guard due, position > 0 else { return }
        do {
            try await log.saveSnapshot(
                Snapshot(kind: Self.snapshotKind, position: position, schema: SystemState.snapshotSchema, state: state.canonicalEncoding()))
            published.withLock { $0.eventsSinceSnapshot = Int($0.position - position) }
        } catch {
            logger.warning("could not save a state snapshot", metadata: ["position": "\(position)", "error": "\(error)"])
        }
    }

    private func finish() {
        let waiters = published.withLock { published in
            published.finished = true
            defer { published.waiters = [] }
            return published.waiters.map(\.continuation)
        }
        waiters.forEach { $0.resume() }
    }
}
