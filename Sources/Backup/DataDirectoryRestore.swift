import ControlPlane
import Domain
import EventLog
import Foundation

/// Restores an archive into a data directory whose server is stopped (issue 18, point 5), and
/// finishes a restore that was interrupted.
///
/// Verification comes first and touches nothing: the archive's log is written (or, from an archive
/// of the first format, imported) into `callplane.sqlite.restoring` beside the live file,
/// chain-checked and replayed to the manifest's state hash. The new file then gets a snapshot at
/// its head, its chain's verified mark, and every reactor cursor at the head (the restore floor
/// too), so the restored server re-sends nothing.
///
/// The swap is all or nothing across a kill: a journal naming each move is written (and flushed)
/// only once every new file is complete, then the moves run — the previous database, its WAL, the
/// key and the witness file each renamed to a dated `.pre-restore-…` copy (nothing is ever
/// destroyed), the new files renamed into place — and the journal is removed last. Whatever opens
/// the data directory calls ``recover(dataDirectory:)`` first, which replays a journal left behind:
/// each move is skipped when already done, so the outcome is the new state, never a mix.
public enum DataDirectoryRestore {
    public static let logName = "callplane.sqlite"
    public static let secretKeyName = "secret.key"
    static let journalName = "restore.journal"
    static let restoringSuffix = ".restoring"

    public struct Outcome: Sendable {
        public var manifest: BackupManifest
        public var stateHash: String
        /// The dated copies the previous files were moved to.
        public var preRestoreCopies: [String]
    }

    /// The moves of one restore, in order: each `from` → `to`.
    struct Journal: Codable {
        struct Move: Codable {
            var from: String
            var to: String
        }
        var moves: [Move]
    }

    /// Verifies `archive` and puts it in place of `dataDirectory`'s log, and of the server's key
    /// file at `secretKeyPath` (by default `secret.key` in the directory) when the archive carries
    /// one; otherwise the key there is kept.
    ///
    /// - Parameter apply: `false` beside a running server (the API's restore): everything up to
    ///   the journal is done, and the swap is left to the ``recover(dataDirectory:)`` of the next
    ///   start, when nothing has the log open. A restore already waiting so is refused.
    public static func restore(
        archive: URL, dataDirectory: String, secretKeyPath: String? = nil, passphrase: String?, keyFile: [UInt8]?,
        force: Bool, restoredBy actor: String, source: String, now: Date = Date(), apply: Bool = true, progress: ((Int64, Int64) -> Void)? = nil
    ) async throws -> Outcome {
        if apply {
            _ = try recover(dataDirectory: dataDirectory)
        } else if isPending(dataDirectory: dataDirectory) {
            throw BackupError.restorePending
        }
        let directory = dataDirectory as NSString
        let logPath = directory.appendingPathComponent(logName)
        let restoring = logPath + restoringSuffix
        let keyPath = secretKeyPath ?? directory.appendingPathComponent(secretKeyName)
        let keyRestoring = keyPath + restoringSuffix
        removeHalfBuilt(restoring, keyRestoring)
        // A damaged log is a reason to restore, so it must not stop one; but then nothing says
        // whose system it was, and only `force` replaces it.
        let current: BackupReader.CurrentSystem?
        let reactorNames: Set<String>
        do {
            (current, reactorNames) = try await currentSystem(logPath: logPath)
        } catch {
            guard force else {
                throw BackupError.storage("the data directory's log cannot be read (\(error)); restore with --force to replace it")
            }
            (current, reactorNames) = (nil, [])
        }
        let verified = try BackupReader.verify(
            archive, passphrase: passphrase, keyFile: keyFile, importingTo: restoring, current: current, force: force, progress: progress)
        do {
            let keyFileContents = verified.secretKeyFile ?? FileManager.default.contents(atPath: keyPath).map(Array.init)
            let record = try RestoreRecord(archive: archive.lastPathComponent, manifest: verified.manifest, forced: force)
                .proposed(actor: actor, source: source)
            try await prepare(
                restoring, verified: verified, record: record, secret: keyFileContents.flatMap(Self.key(fromKeyFile:)), reactorNames: reactorNames)
            let copies = try journalSwap(
                dataDirectory: dataDirectory, logPath: logPath, replacement: restoring, label: "pre-restore", stamp: Self.stamp(now),
                newKey: verified.secretKeyFile.map { (contents: $0, path: keyPath) })
            if apply { _ = try recover(dataDirectory: dataDirectory) }
            return Outcome(manifest: verified.manifest, stateHash: verified.state.stateHash(), preRestoreCopies: copies)
        } catch {
            removeHalfBuilt(restoring, keyRestoring)
            throw error
        }
    }

    /// Writes the journal that puts `replacement` in place of the log at `logPath` — and, with
    /// `newKey`, its contents in place of the key file — each previous file moved to a dated
    /// `.<label>-<stamp>` copy. Returns the copies of the files present now.
    ///
    /// A log's WAL and shared memory follow the log's new name (`….<label>-<stamp>-wal`), or
    /// SQLite would not find them beside the copy. They and the witness file are always in the
    /// journal, present now or not: a server running until the swap (`apply: false`) or killed
    /// before it leaves a WAL or a witness that must not be found beside the new log
    /// (``recover(dataDirectory:)`` skips a move with no source).
    static func journalSwap(
        dataDirectory: String, logPath: String, replacement: String, label: String, stamp: String, newKey: (contents: [UInt8], path: String)?
    ) throws -> [String] {
        var moves: [Journal.Move] = []
        var copies: [String] = []
        func keep(_ path: String, companionOf base: String? = nil, suffix: String = "", always: Bool = false) {
            guard always || base != nil || FileManager.default.fileExists(atPath: path) else { return }
            var copy = (base ?? path) + ".\(label)-" + stamp
            var attempt = 1
            while FileManager.default.fileExists(atPath: copy) || FileManager.default.fileExists(atPath: copy + "-wal") {
                attempt += 1
                copy = (base ?? path) + ".\(label)-" + stamp + "-\(attempt)"
            }
            moves.append(.init(from: path, to: copy + suffix))
            if suffix.isEmpty, FileManager.default.fileExists(atPath: path) { copies.append(copy) }
        }
        for suffix in ["-wal", "-shm"] { keep(logPath + suffix, companionOf: logPath, suffix: suffix) }
        keep(logPath)
        keep(WitnessFile(dataDirectory: dataDirectory).path, always: true)
        moves.append(.init(from: replacement, to: logPath))
        if let newKey {
            let keyRestoring = newKey.path + restoringSuffix
            try write(newKey.contents, to: keyRestoring)
            keep(newKey.path)
            moves.append(.init(from: keyRestoring, to: newKey.path))
        }
        try writeJournal(Journal(moves: moves), in: dataDirectory)
        return copies
    }

    /// Whether a restore is waiting for its swap (its journal is written).
    public static func isPending(dataDirectory: String) -> Bool {
        FileManager.default.fileExists(atPath: (dataDirectory as NSString).appendingPathComponent(journalName))
    }

    /// Finishes a restore a kill interrupted, from its journal; removes the half-built files of
    /// one that had not reached its journal. Returns the moves it made (empty when none were due).
    @discardableResult
    public static func recover(dataDirectory: String) throws -> [String] {
        let journalPath = (dataDirectory as NSString).appendingPathComponent(journalName)
        guard let data = FileManager.default.contents(atPath: journalPath) else {
            removeHalfBuilt(
                (dataDirectory as NSString).appendingPathComponent(logName) + restoringSuffix,
                (dataDirectory as NSString).appendingPathComponent(secretKeyName) + restoringSuffix)
            return []
        }
        let journal: Journal
        do {
            journal = try JSONDecoder().decode(Journal.self, from: data)
        } catch {
            throw BackupError.storage("\(journalPath) is unreadable (\(error)); move it away once the data directory is checked by hand")
        }
        var done: [String] = []
        // In order; a move whose destination exists is done (a dated copy is a new name, and a
        // file is moved into place only after the previous one was moved away).
        for move in journal.moves where !FileManager.default.fileExists(atPath: move.to) && FileManager.default.fileExists(atPath: move.from) {
            guard rename(move.from, move.to) == 0 else {
                throw BackupError.storage("restore: cannot move \(move.from) to \(move.to): errno \(errno)")
            }
            done.append("\(move.from) → \(move.to)")
        }
        try BackupWriter.flush(dataDirectory)
        try FileManager.default.removeItem(atPath: journalPath)
        try BackupWriter.flush(dataDirectory)
        return done
    }

    /// Removes the files of a restore or first start that did not reach its journal, or of a
    /// verification: the new log with its companions, and the new key.
    static func removeHalfBuilt(_ restoring: String, _ keyRestoring: String? = nil) {
        for path in [restoring, restoring + "-wal", restoring + "-shm", restoring + "-journal"] + (keyRestoring.map { [$0] } ?? []) {
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    /// The system the data directory holds now and the names of its reactors' cursors.
    private static func currentSystem(logPath: String) async throws -> (BackupReader.CurrentSystem?, Set<String>) {
        guard FileManager.default.fileExists(atPath: logPath) else { return (nil, []) }
        let log = try EventLog.open(path: logPath, mode: .readOnly)
        do {
            let names = Set(try log.cursors().keys)
            var identity = SystemIdentity()
            let identityType = DomainEvent.systemIdentitySet(SystemIdentity()).type
            if let latest = try log.readNewestFirst(type: identityType, limit: 1).first,
                case .systemIdentitySet(let recorded) = try DomainEvent.decode(type: latest.type, schema: latest.schema, payload: latest.payload)
            {
                identity = recorded
            }
            // What a first start writes by itself is done as "system"; one change by anyone else
            // makes the directory a configured system of its own.
            let early = try log.read(after: 0, limit: 100)
            let isFresh = log.head <= 100 && early.allSatisfy { $0.actor == "system" }
            await log.close()
            return (BackupReader.CurrentSystem(systemID: identity.systemID, isFreshInstall: isFresh), names)
        } catch {
            await log.close()
            throw error
        }
    }

    /// Appends the restore's record, then gives the log what a server that ran up to its head
    /// would have: a state snapshot, the verified mark, and every cursor (and the restore floor)
    /// at the head, so nothing up to the restore is sent again.
    private static func prepare(
        _ path: String, verified: VerifiedBackup, record: ProposedEvent, secret: [UInt8]?, reactorNames: Set<String>
    ) async throws {
        let log = try EventLog.open(path: path, integrityKey: secret.map(LogIntegrityKey.init(secret:)))
        do {
            _ = try await log.append(AppendRequest(events: [record]))
            // The record is not a configuration event: the state at the new head is the archive's.
            let head = log.head
            for name in reactorNames.union([EventLog.restoreFloorCursor]) {
                try await log.setCursor(of: name, to: head)
            }
            if secret != nil, head > 0 {
                try await log.saveSnapshot(
                    Snapshot(
                        kind: StateProjection.snapshotKind, position: head, schema: SystemState.snapshotSchema,
                        state: verified.state.canonicalEncoding()))
                if let envelope = try log.event(at: head), let witness = log.witness(of: envelope) {
                    try await log.saveVerifiedMark(witness)
                }
            }
            await log.close()
        } catch {
            await log.close()
            throw error
        }
        try sealClosedLog(path)
    }

    /// A log built to be swapped in, once closed: its WAL was folded in at close, and a left-over
    /// empty one (or the shared memory) must not sit beside the new file; then it is flushed.
    static func sealClosedLog(_ path: String) throws {
        for companion in [path + "-wal", path + "-shm"] {
            if let size = (try? FileManager.default.attributesOfItem(atPath: companion))?[.size] as? Int, size > 0, companion.hasSuffix("-wal") {
                throw BackupError.storage("the new log's WAL could not be folded into \(path)")
            }
            try? FileManager.default.removeItem(atPath: companion)
        }
        try BackupWriter.flush(path)
    }

    /// The server's key file holds the 32-byte key in base64 (`SecretKeyFile`).
    static func key(fromKeyFile contents: [UInt8]) -> [UInt8]? {
        let text = String(decoding: contents, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let key = Data(base64Encoded: text), key.count == 32 else { return nil }
        return Array(key)
    }

    private static func write(_ bytes: [UInt8], to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
            throw BackupError.storage("cannot write \(path)")
        }
        try BackupWriter.flush(path)
    }

    private static func writeJournal(_ journal: Journal, in dataDirectory: String) throws {
        let path = (dataDirectory as NSString).appendingPathComponent(journalName)
        let temporary = path + ".new"
        try write(Array(try JSONEncoder().encode(journal)), to: temporary)
        guard rename(temporary, path) == 0 else { throw BackupError.storage("cannot write \(path): errno \(errno)") }
        try BackupWriter.flush(dataDirectory)
    }

    /// `2026-12-04T14-30-05Z`: sortable, and without colons, which some file systems refuse.
    public static func stamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date).replacingOccurrences(of: ":", with: "-")
    }

    /// The name of a manual backup made at `date`: `callplane-2026-12-04T14-30-05Z.zip`.
    public static func manualArchiveName(at date: Date) -> String { "callplane-\(stamp(date)).zip" }
}
