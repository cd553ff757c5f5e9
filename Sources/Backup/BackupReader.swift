import Crypto
import Domain
import EventLog
import Foundation
import ZIPFoundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads and verifies a backup archive (issue 18, point 5): the header, the key, the manifest,
/// then the whole log — its database file, or the records of the first archives
/// (``BackupLogFormat``): the chain recomputed, each event folded into a state — and finally the
/// head, its hash and the state hash against the manifest. Any failure throws the
/// ``BackupError`` that names it and leaves nothing behind; nothing outside `importPath` is
/// written, so a refused archive changes nothing.
public enum BackupReader {
    /// The system an archive is restored onto, for the other-system rule.
    public struct CurrentSystem: Sendable {
        public var systemID: String
        /// A log that holds only what the server wrote by itself at its first start: any archive
        /// restores onto it, which is what "restore on a fresh install" needs.
        public var isFreshInstall: Bool

        public init(systemID: String, isFreshInstall: Bool) {
            self.systemID = systemID
            self.isFreshInstall = isFreshInstall
        }
    }

    /// Verifies everything; with `importPath`, builds the log file a restore moves into place
    /// there (a new file), without, checks only. `current` applies the other-system rule unless
    /// `force`. `progress` is called with (events verified, head).
    public static func verify(
        _ url: URL, passphrase: String?, keyFile: [UInt8]?, importingTo importPath: String? = nil,
        current: CurrentSystem? = nil, force: Bool = false, progress: ((Int64, Int64) -> Void)? = nil
    ) throws -> VerifiedBackup {
        let opened = try open(url, passphrase: passphrase, keyFile: keyFile)
        let manifest = opened.manifest
        let logSchema = try EventLog.schemaVersion
        guard manifest.logSchema <= logSchema else {
            throw BackupError.newerSchema("log schema \(manifest.logSchema), this build has \(logSchema) (software \(manifest.softwareVersion))")
        }
        guard manifest.stateSchema <= SystemState.snapshotSchema else {
            throw BackupError.newerSchema("state schema \(manifest.stateSchema), this build has \(SystemState.snapshotSchema)")
        }
        if let current, !force, !current.isFreshInstall, current.systemID != manifest.systemID {
            throw BackupError.otherSystem(archive: manifest.systemID, current: current.systemID)
        }

        let scratch = importPath ?? NSTemporaryDirectory() + "callplane-verify-\(UUID().uuidString).sqlite"
        let verified: (headHash: String, state: SystemState)
        switch manifest.logFormat ?? .records {
        case .database: verified = try unsealDatabase(opened, into: scratch, flush: importPath != nil, progress: progress)
        case .records: verified = try importRecords(opened, into: scratch, keep: importPath != nil, progress: progress)
        }
        do {
            guard verified.headHash == manifest.headHash else {
                throw BackupError.verificationFailed("the log's head hash \(verified.headHash) is not the manifest's \(manifest.headHash)")
            }
            let stateHash = verified.state.stateHash()
            guard stateHash == manifest.stateHash else {
                throw BackupError.verificationFailed("the log replays to state hash \(stateHash), the manifest says \(manifest.stateHash)")
            }
            var secretKey: [UInt8]?
            if manifest.includesSecretKey {
                secretKey = try single(BackupEntryNames.secretKey, from: opened.archive, key: opened.key, context: opened.context)
            }
            if importPath == nil { DataDirectoryRestore.removeHalfBuilt(scratch) }
            return VerifiedBackup(manifest: manifest, state: verified.state, secretKeyFile: secretKey, importedLog: importPath)
        } catch {
            DataDirectoryRestore.removeHalfBuilt(scratch)
            throw error
        }
    }

    /// A ``BackupLogFormat/database`` archive: the database file is written back at `scratch` as
    /// it was sealed, then its chain is walked and its events replayed. With `flush` (a restore,
    /// which moves the file into place), the file goes to disk during the walk.
    private static func unsealDatabase(
        _ opened: Opened, into scratch: String, flush: Bool, progress: ((Int64, Int64) -> Void)?
    ) throws -> (headHash: String, state: SystemState) {
        var reader = SealedEntryReader(name: BackupEntryNames.database, key: opened.key, context: opened.context)
        let writer = try UnsealedFileWriter(creatingAt: scratch, opener: reader.opener, flush: flush)
        do {
            try extract(BackupEntryNames.database, from: opened.archive) { data in
                for frame in try reader.frames(data) { try writer.unseal(frame) }
            }
            try reader.finish()
            try writer.finishWriting()
            let checked = try DatabaseCopyCheck.run(at: scratch, through: opened.manifest.headPosition, progress: progress)
            try writer.awaitFlushed()
            return (checked.headHash, checked.state)
        } catch {
            writer.abandon()
            DataDirectoryRestore.removeHalfBuilt(scratch)
            throw error
        }
    }

    /// A ``BackupLogFormat/records`` archive: each record is chain-checked and inserted into a new
    /// file at `scratch` while the events are replayed on the second core; the file is indexed
    /// and kept when `keep`.
    private static func importRecords(
        _ opened: Opened, into scratch: String, keep: Bool, progress: ((Int64, Int64) -> Void)?
    ) throws -> (headHash: String, state: SystemState) {
        let manifest = opened.manifest
        let importer: EventLogImport
        do {
            importer = try EventLogImport(creatingAt: scratch)
        } catch {
            throw BackupError.storage("cannot create \(scratch): \(error)")
        }
        let replay = ReplayPipeline()
        do {
            var batch = ReplayBatch()
            var reader = SealedEntryReader(name: BackupEntryNames.log, key: opened.key, context: opened.context)
            let head = manifest.headPosition
            let stride = max(head / 100, 1_000)
            try extract(BackupEntryNames.log, from: opened.archive) { data in
                try reader.consume(data) { record in
                    do {
                        try importer.add(record: record) { row in batch.append(row) }
                    } catch let error as EventLogError {
                        throw BackupError.verificationFailed("log: \(error)")
                    }
                    if batch.isFull {
                        try replay.submit(batch)
                        batch = ReplayBatch()
                    }
                    if importer.position % stride == 0 { progress?(importer.position, head) }
                }
            }
            try reader.finish()
            if !batch.isEmpty { try replay.submit(batch) }
            let state = try replay.finish()
            progress?(importer.position, head)
            guard importer.position == manifest.headPosition else {
                throw BackupError.verificationFailed("the log ends at position \(importer.position), the manifest says \(manifest.headPosition)")
            }
            if keep { try importer.finish() } else { importer.abandon() }
            return (importer.headHash, state)
        } catch {
            replay.abandon()
            importer.abandon()
            throw error
        }
    }

    private struct Opened {
        let archive: Archive
        let key: BackupKey
        let context: [UInt8]
        let manifest: BackupManifest
    }

    private static func open(_ url: URL, passphrase: String?, keyFile: [UInt8]?) throws -> Opened {
        guard FileManager.default.fileExists(atPath: url.path) else { throw BackupError.storage("no archive at \(url.path)") }
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw BackupError.truncated("\(url.lastPathComponent) is not a complete ZIP archive (\(error))")
        }
        var headerBytes: [UInt8] = []
        try extract(BackupHeader.entryName, from: archive, limit: 64 << 10) { headerBytes += $0 }
        let header = try BackupHeader.decode(headerBytes)
        let key = try BackupKey.derive(for: header.key, passphrase: passphrase, keyFile: keyFile)
        guard key.check == header.keyCheck else {
            switch header.key {
            case .scrypt: throw BackupError.wrongKey("the passphrase does not open this archive")
            case .keyFile: throw BackupError.wrongKey("the key file does not open this archive")
            }
        }
        let context = Array(SHA256.hash(data: headerBytes))
        let manifestBytes = try single(BackupManifest.entryName, from: archive, key: key, context: context)
        let manifest = try manifestBytes.withUnsafeBytes { try BackupManifest.decode($0) }
        return Opened(archive: archive, key: key, context: context, manifest: manifest)
    }

    /// An entry that holds one record (the manifest, the secret key).
    private static func single(_ name: String, from archive: Archive, key: BackupKey, context: [UInt8]) throws -> [UInt8] {
        var reader = SealedEntryReader(name: name, key: key, context: context)
        var value: [UInt8]?
        try extract(name, from: archive, limit: SealedEntry.maximumRecord) { data in
            try reader.consume(data) { record in
                guard value == nil else { throw BackupError.malformed("\(name) holds more than one record") }
                value = Array(record)
            }
        }
        try reader.finish()
        guard let value else { throw BackupError.malformed("\(name) is empty") }
        return value
    }

    /// Streams an entry's bytes, mapping the ZIP layer's failures: a missing entry is a truncated
    /// archive, a CRC or structure error a changed one.
    private static func extract(_ name: String, from archive: Archive, limit: Int = .max, _ body: (Data) throws -> Void) throws {
        guard let entry = archive[name] else { throw BackupError.truncated("the entry \(name) is missing") }
        guard entry.uncompressedSize <= UInt64(limit) else { throw BackupError.malformed("the entry \(name) is \(entry.uncompressedSize) bytes") }
        do {
            // No CRC: every byte of a sealed entry is authenticated by AES-GCM, and the header's
            // bytes by every chunk's additional data; the CRC (computed in Swift) was a twelfth
            // of a restore's time and proved nothing more.
            _ = try archive.extract(entry, bufferSize: 1 << 20, skipCRC32: true) { data in try body(data) }
        } catch let error as BackupError {
            throw error
        } catch {
            throw BackupError.tampered("the entry \(name) does not read back (\(error))")
        }
    }
}
