import EventLog
import Logging
import Synchronization

/// The projection of one fact family (docs/architecture.md "Configuration and telephony: two ways into the
/// log"): the fold of its facts, rebuilt at start from its own snapshot plus the later events,
/// then kept current by following the log. Independent of ``StateProjection``: its snapshot
/// kind, its interval and its position are its own.
public final class FactProjection<Fold: FactFold>: Sendable {
    private struct Published: ~Copyable {
        var fold: Fold
        var position: Int64
        var factsSinceSnapshot: Int
        /// Where the newest snapshot stands (0 without one): the start after it reads every event
        /// from there, facts or not.
        var snapshotPosition: Int64
    }

    /// Events of any kind a start may have to read past the newest snapshot before the fold is
    /// snapshotted again, facts or not: about 35 ms of reading here. Counting facts alone left a
    /// log without facts (every installation before the call core) with no snapshot at all,
    /// so every start read the whole log — 0.4 s of a 1,000,000-event start to `/ready`.
    static var maxEventsPastSnapshot: Int64 { 100_000 }

    private let log: EventLog
    private let snapshotInterval: Int
    private let logger: Logger
    private let published: Mutex<Published>

    /// Rebuilds the fold: the newest snapshot of ``FactFold/snapshotKind`` (unless
    /// `ignoreSnapshots`), then every later event of the family.
    public init(log: EventLog, snapshotInterval: Int, ignoreSnapshots: Bool = false, logger: Logger) throws {
        self.log = log
        self.snapshotInterval = snapshotInterval
        self.logger = logger
        var fold = Fold()
        var position: Int64 = 0
        var snapshotPosition: Int64 = 0
        if !ignoreSnapshots, let snapshot = try log.latestSnapshot(kind: Fold.snapshotKind, schema: Fold.snapshotSchema) {
            do {
                fold = try Fold(snapshot: snapshot.state)
                position = snapshot.position
                snapshotPosition = snapshot.position
            } catch {
                logger.warning(
                    "ignoring an unreadable snapshot, replaying the facts",
                    metadata: [
                        "kind": "\(Fold.snapshotKind)", "position": "\(snapshot.position)", "error": "\(error)",
                    ])
            }
        }
        // Up to the head as it stands now; what is appended later, the follower reads from there.
        let head = log.head
        var facts = 0
        try log.scan(after: position, through: head, typePrefix: Fold.family.typePrefix) { row in
            guard Fold.family.hasType(row.type) else { return }
            try fold.apply(type: row.type, payload: row.payload)
            facts += 1
        }
        position = Swift.max(position, head)
        published = Mutex(Published(fold: fold, position: position, factsSinceSnapshot: facts, snapshotPosition: snapshotPosition))
    }

    /// The fold and the position it reflects.
    public var current: (fold: Fold, position: Int64) {
        published.withLock { ($0.fold, $0.position) }
    }

    public var position: Int64 { published.withLock { $0.position } }

    /// Follows the log until cancelled, snapshotting every `snapshotInterval` facts or every
    /// ``maxEventsPastSnapshot`` events; saves a last snapshot on the way out.
    public func run() async {
        let family = Fold.family
        if snapshotInterval > 0, published.withLock({ $0.position - $0.snapshotPosition }) >= Self.maxEventsPastSnapshot {
            await saveSnapshot()
        }
        do {
            for try await envelope in log.subscribe(after: position) {
                let snapshotDue = try published.withLock { published throws -> Bool in
                    var type = envelope.type
                    var payload = envelope.payload
                    let isFact = type.withUTF8 { family.hasType($0) }
                    if isFact {
                        try type.withUTF8 { typeBytes in
                            try payload.withUTF8 { try published.fold.apply(type: typeBytes, payload: $0) }
                        }
                        published.factsSinceSnapshot += 1
                    }
                    published.position = envelope.position
                    guard snapshotInterval > 0 else { return false }
                    return isFact && published.factsSinceSnapshot >= snapshotInterval
                        || published.position - published.snapshotPosition >= Self.maxEventsPastSnapshot
                }
                if snapshotDue { await saveSnapshot() }
            }
        } catch is CancellationError {
        } catch {
            logger.error("fact projection stopped", metadata: ["kind": "\(Fold.snapshotKind)", "error": "\(error)"])
        }
        await saveSnapshot()
    }

    /// Stores the fold as a snapshot, if the log moved past the last one (with facts or
    /// without: a snapshot also tells the next start where it need not read from).
    public func saveSnapshot() async {
        let (fold, position, due) = published.withLock { ($0.fold, $0.position, $0.position > $0.snapshotPosition) }
        guard due, position > 0 else { return }
        do {
            try await log.saveSnapshot(Snapshot(kind: Fold.snapshotKind, position: position, schema: Fold.snapshotSchema, state: try fold.snapshot()))
            published.withLock {
                $0.factsSinceSnapshot = 0
                $0.snapshotPosition = position
            }
        } catch {
            logger.warning("could not save a fact snapshot", metadata: ["kind": "\(Fold.snapshotKind)", "position": "\(position)", "error": "\(error)"])
        }
    }
}
