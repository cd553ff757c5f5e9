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
    }

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
        if !ignoreSnapshots, let snapshot = try log.latestSnapshot(kind: Fold.snapshotKind, schema: Fold.snapshotSchema) {
            do {
                fold = try Fold(snapshot: snapshot.state)
                position = snapshot.position
            } catch {
                logger.warning(
                    "ignoring an unreadable snapshot, replaying the facts",
                    metadata: [
                        "kind": "\(Fold.snapshotKind)", "position": "\(snapshot.position)", "error": "\(error)",
                    ])
            }
        }
        let prefix = Array(Fold.family.typePrefix.utf8)
        var facts = 0
        position = try log.scanWithReadAhead(after: position) { row in
            guard Self.hasPrefix(row.type, prefix) else { return }
            try fold.apply(type: row.type, payload: row.payload)
            facts += 1
        }
        published = Mutex(Published(fold: fold, position: position, factsSinceSnapshot: facts))
    }

    /// The fold and the position it reflects.
    public var current: (fold: Fold, position: Int64) {
        published.withLock { ($0.fold, $0.position) }
    }

    public var position: Int64 { published.withLock { $0.position } }

    /// Follows the log until cancelled, snapshotting every `snapshotInterval` facts; saves a
    /// last snapshot on the way out.
    public func run() async {
        let prefix = Array(Fold.family.typePrefix.utf8)
        do {
            for try await envelope in log.subscribe(after: position) {
                let snapshotDue = try published.withLock { published throws -> Bool in
                    var type = envelope.type
                    var payload = envelope.payload
                    let isFact = type.withUTF8 { Self.hasPrefix($0, prefix) }
                    if isFact {
                        try type.withUTF8 { typeBytes in
                            try payload.withUTF8 { try published.fold.apply(type: typeBytes, payload: $0) }
                        }
                        published.factsSinceSnapshot += 1
                    }
                    published.position = envelope.position
                    return isFact && snapshotInterval > 0 && published.factsSinceSnapshot >= snapshotInterval
                }
                if snapshotDue { await saveSnapshot() }
            }
        } catch is CancellationError {
        } catch {
            logger.error("fact projection stopped", metadata: ["kind": "\(Fold.snapshotKind)", "error": "\(error)"])
        }
        await saveSnapshot()
    }

    /// Stores the fold as a snapshot, if a fact arrived since the last one.
    public func saveSnapshot() async {
        let (fold, position, due) = published.withLock { ($0.fold, $0.position, $0.factsSinceSnapshot > 0) }
        guard due, position > 0 else { return }
        do {
            try await log.saveSnapshot(Snapshot(kind: Fold.snapshotKind, position: position, schema: Fold.snapshotSchema, state: try fold.snapshot()))
            published.withLock { $0.factsSinceSnapshot = 0 }
        } catch {
            logger.warning("could not save a fact snapshot", metadata: ["kind": "\(Fold.snapshotKind)", "position": "\(position)", "error": "\(error)"])
        }
    }

    private static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: [UInt8]) -> Bool {
        bytes.count > prefix.count
            && prefix.withUnsafeBufferPointer { prefix in
                zip(bytes, prefix).allSatisfy { $0 == $1 }
            }
    }
}
