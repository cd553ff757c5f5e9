import Crypto
import Domain
import EventLog
import Foundation
import ZIPFoundation

/// Writes a backup archive of a running log (issue 18, points 1 and 2).
///
/// The cut is the log's head when the backup starts: the export reads events 1…head in one read
/// snapshot while appends go on, so nothing pauses. The state at that head is recomputed from
/// exactly the exported events (not taken from the live projection), so the manifest's state hash
/// is the one a restore must reproduce from the same events.
///
/// The archive appears under its name only when complete: the entries are sealed into a
/// `.partial` directory beside the destination, zipped into a `.partial` file, flushed to disk and
/// renamed. A kill at any moment leaves at most `.partial` leftovers, which never look like a
/// backup and are removed by the next backup into the same directory.
public enum BackupWriter {
    public struct Options: Sendable {
        public var softwareVersion: String
        public var createdBy: String
        public var createdAt: Int64
        /// The contents of the server's `secret.key`, verbatim, carried so sealed secrets survive
        /// a restore.
        public var secretKeyFile: [UInt8]?

        public init(softwareVersion: String, createdBy: String, createdAt: Int64, secretKeyFile: [UInt8]?) {
            self.softwareVersion = softwareVersion
            self.createdBy = createdBy
            self.createdAt = createdAt
            self.secretKeyFile = secretKeyFile
        }
    }

    public static let partialSuffix = ".partial"

    /// Writes the archive of `log` up to its current head to `destination` (which must not
    /// exist) and returns its manifest. `progress` is called with (events written, head).
    @discardableResult
    public static func write(
        log: EventLog, to destination: URL, key: BackupKey, options: Options, progress: ((Int64, Int64) -> Void)? = nil
    ) throws -> BackupManifest {
        let fileManager = FileManager.default
        guard !fileManager.fileExists(atPath: destination.path) else { throw BackupError.storage("\(destination.path) exists") }
        let directory = destination.deletingLastPathComponent()
        removeLeftovers(in: directory, of: destination.lastPathComponent)
        let work = directory.appendingPathComponent(destination.lastPathComponent + partialSuffix + "-" + UUID().uuidString, isDirectory: true)
        let partial = directory.appendingPathComponent(destination.lastPathComponent + partialSuffix)
        do {
            try fileManager.createDirectory(at: work, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw BackupError.storage("cannot create \(work.path): \(error)")
        }
        defer { try? fileManager.removeItem(at: work) }

        let header = BackupHeader(key: key.derivation, keyCheck: key.check)
        let headerBytes = try header.encoded()
        let context = Array(SHA256.hash(data: headerBytes))

        let copy = work.appendingPathComponent("log.sqlite").path
        let head: Int64
        do {
            head = try EventLogDatabaseCopy.make(of: log, at: copy)
        } catch {
            throw BackupError.storage("cannot copy the log: \(error)")
        }
        let checked = try DatabaseCopyCheck.run(at: copy, through: head, progress: progress)
        let state = checked.state
        let headHash = checked.headHash
        var logWriter = try SealedEntryWriter(
            name: BackupEntryNames.database, url: work.appendingPathComponent(BackupEntryNames.database), key: key, context: context)
        try seal(fileAt: copy, into: &logWriter)
        try? FileManager.default.removeItem(atPath: copy)

        var sealed = [logWriter.url]
        if let secret = options.secretKeyFile {
            var writer = try SealedEntryWriter(
                name: BackupEntryNames.secretKey, url: work.appendingPathComponent(BackupEntryNames.secretKey), key: key, context: context)
            try writer.append(record: secret)
            try writer.finish()
            sealed.append(writer.url)
        }

        let manifest = BackupManifest(
            systemID: state.identity.systemID, systemName: state.identity.name, softwareVersion: options.softwareVersion,
            logSchema: try EventLog.schemaVersion, stateSchema: SystemState.snapshotSchema, createdAt: options.createdAt,
            createdBy: options.createdBy, headPosition: head, headHash: headHash, stateHash: state.stateHash(),
            counts: .init(events: head, users: state.users.count, terminals: state.terminals.count, accounts: state.accessControl.accounts.count),
            includesSecretKey: options.secretKeyFile != nil, logFormat: .database)
        var manifestWriter = try SealedEntryWriter(
            name: BackupManifest.entryName, url: work.appendingPathComponent(BackupManifest.entryName), key: key, context: context)
        try manifestWriter.append(record: try manifest.encoded())
        try manifestWriter.finish()

        do {
            let archive = try Archive(url: partial, accessMode: .create)
            let headerData = Data(headerBytes)
            try archive.addEntry(with: BackupHeader.entryName, type: .file, uncompressedSize: Int64(headerData.count)) { position, size in
                headerData.subdata(in: Int(position)..<Int(position) + size)
            }
            for url in [manifestWriter.url] + sealed {
                try archive.addEntry(with: url.lastPathComponent, fileURL: url, compressionMethod: .none)
            }
        } catch let error as BackupError {
            try? fileManager.removeItem(at: partial)
            throw error
        } catch {
            try? fileManager.removeItem(at: partial)
            throw BackupError.storage("cannot write \(partial.path): \(error)")
        }
        try flush(partial.path)
        guard rename(partial.path, destination.path) == 0 else {
            try? fileManager.removeItem(at: partial)
            throw BackupError.storage("cannot rename \(partial.path) to \(destination.path): errno \(errno)")
        }
        try flush(directory.path)
        return manifest
    }

    /// Seals the file at `path` as records of up to a chunk each; the record boundaries carry no
    /// meaning, a restore writes the records back one after the other.
    private static func seal(fileAt path: String, into writer: inout SealedEntryWriter) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw BackupError.storage("cannot read \(path)") }
        defer { try? handle.close() }
        let piece = SealedEntry.chunkSize - 4
        while true {
            let data: Data
            do {
                guard let read = try handle.read(upToCount: piece), !read.isEmpty else { break }
                data = read
            } catch {
                throw BackupError.storage("cannot read \(path): \(error)")
            }
            try data.withUnsafeBytes { try writer.append(record: $0) }
        }
        try writer.finish()
    }

    /// Removes what an interrupted backup left in `directory`: of the archive `name`, or of any
    /// archive when `name` is nil (a directory the auto backup owns).
    public static func removeLeftovers(in directory: URL, of name: String? = nil) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for leftover in names where leftover.hasSuffix(partialSuffix) || leftover.contains(partialSuffix + "-") {
            if let name, !leftover.hasPrefix(name + partialSuffix) { continue }
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(leftover))
        }
    }

    static func flush(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw BackupError.storage("cannot open \(path) to flush it: errno \(errno)") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw BackupError.storage("fsync of \(path) failed: errno \(errno)") }
    }
}
