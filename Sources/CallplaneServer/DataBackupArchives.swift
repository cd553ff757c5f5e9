import AdminAPI
import AdminModels
import Backup
import Dispatch
import Domain
import EventLog
import Foundation
import HTTPTypes
import SNMP

/// The archives in the data directory's `backup/` (manual §5.6.4): `manual/` for the
/// administrators' backups, `day/`, `week/` and `month/` for the auto backup's. Makes them from the
/// running server's log — a consistent cut at the head, appends go on — one at a time, on a queue
/// of its own: a backup of a million events takes seconds and must not hold a thread of Swift's
/// cooperative pool.
final class DataBackupArchives: DataBackupOperations {
    static let manualFolder = "manual"
    static let folders = [manualFolder] + AutoBackupFolder.allCases.map(\.rawValue)

    let directory: URL
    private let log: EventLog
    private let secretKeyPath: String
    private let sealing: any SecretSealing
    private let settings: @Sendable () -> BackupSettings
    private let clock: any WallClock
    private let distribution: BackupDistribution
    private let restart: ServerRestart
    private let dataDirectory: String
    private let queue = DispatchQueue(label: "callplane.backup")

    init(
        dataDirectory: String, log: EventLog, secretKeyPath: String, sealing: any SecretSealing, settings: @escaping @Sendable () -> BackupSettings,
        clock: any WallClock, distribution: BackupDistribution, restart: ServerRestart
    ) {
        self.dataDirectory = dataDirectory
        self.restart = restart
        directory = Self.directory(in: dataDirectory)
        self.distribution = distribution
        self.log = log
        self.secretKeyPath = secretKeyPath
        self.sealing = sealing
        self.settings = settings
        self.clock = clock
    }

    /// `backup/` of the data directory.
    static func directory(in dataDirectory: String) -> URL {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent("backup", isDirectory: true)
    }

    func testDistribution() async -> BackupDistributionTestView {
        let outcome = await distribution.test()
        return BackupDistributionTestView(ftp: .init(outcome.ftp), email: .init(outcome.email))
    }

    func restore(folder: String, name: String, passphrase: String?, force: Bool, actor: String, source: String) async throws -> BackupRestoreView {
        guard let archive = file(folder: folder, name: name) else { throw DomainError.notFound("backup", "\(folder)/\(name)") }
        let passphrase = try passphrase ?? configuredPassphrase()
        let (dataDirectory, secretKeyPath, now) = (dataDirectory, secretKeyPath, clock.nowAsDate())
        let outcome: DataDirectoryRestore.Outcome
        do {
            // The verification replays the whole archive in a thread of its own (ReplayPipeline);
            // what it leaves on this task is the import and the final check.
            outcome = try await restart.staging {
                try await DataDirectoryRestore.restore(
                    archive: archive, dataDirectory: dataDirectory, secretKeyPath: secretKeyPath, passphrase: passphrase, keyFile: nil, force: force,
                    restoredBy: actor, source: source, now: now, apply: false)
            }
        } catch let error as BackupError {
            let status: HTTPResponse.Status = error == .restorePending ? .conflict : .unprocessableContent
            throw APIError(status: status, code: error.code, message: error.description, details: ["archive": "\(folder)/\(name)"])
        }
        let manifest = outcome.manifest
        Task { await restart.request() }
        return BackupRestoreView(
            folder: folder, name: name, systemId: manifest.systemID, createdAt: manifest.createdAt, headPosition: manifest.headPosition,
            stateHash: outcome.stateHash)
    }

    func archives() -> [BackupArchiveView] {
        var found: [BackupArchiveView] = []
        for folder in Self.folders {
            let url = directory.appendingPathComponent(folder, isDirectory: true)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [] where Self.isArchiveName(name) {
                guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.appendingPathComponent(name).path),
                    attributes[.type] as? FileAttributeType == .typeRegular
                else { continue }
                let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
                found.append(
                    BackupArchiveView(
                        folder: folder, name: name, bytes: (attributes[.size] as? NSNumber)?.int64Value ?? 0,
                        modifiedAt: Int64((modified * 1_000_000).rounded())))
            }
        }
        return found.sorted { ($0.modifiedAt, $0.name, $0.folder) > ($1.modifiedAt, $1.name, $1.folder) }
    }

    func file(folder: String, name: String) -> URL? {
        guard Self.folders.contains(folder), Self.isArchiveName(name) else { return nil }
        let url = directory.appendingPathComponent(folder, isDirectory: true).appendingPathComponent(name)
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        return attributes?[.type] as? FileAttributeType == .typeRegular ? url : nil
    }

    func createManualBackup(passphrase: String?) async throws -> BackupArchiveRecord {
        let folder = directory.appendingPathComponent(Self.manualFolder, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let now = clock.nowAsDate()
        var name = DataDirectoryRestore.manualArchiveName(at: now)
        var attempt = 1
        while FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path) {
            attempt += 1
            name = DataDirectoryRestore.manualArchiveName(at: now).replacingOccurrences(of: ".zip", with: "-\(attempt).zip")
        }
        let text = try passphrase ?? configuredPassphrase()
        let url = folder.appendingPathComponent(name)
        let manifest = try await write(to: url, passphrase: text, createdBy: "api")
        return BackupArchiveRecord(folder: Self.manualFolder, name: name, headPosition: manifest.headPosition, bytes: Self.size(of: url))
    }

    func delete(folder: String, name: String) throws -> Bool {
        guard let url = file(folder: folder, name: name) else { return false }
        try FileManager.default.removeItem(at: url)
        return true
    }

    /// Writes an archive of the log at its head to `url`, sealed with `passphrase`.
    func write(to url: URL, passphrase: String, createdBy: String) async throws -> BackupManifest {
        guard CapacityLimit.backupPassphraseLength.range.contains(passphrase.count) else {
            throw DomainError.outOfRange(.backupPassphraseLength, field: "passphrase", value: passphrase.count)
        }
        let key = try BackupKey.newPassphraseKey(passphrase)
        let options = BackupWriter.Options(
            softwareVersion: EmbeddedSNMPAgent.softwareVersion, createdBy: createdBy, createdAt: clock.now(),
            secretKeyFile: FileManager.default.contents(atPath: secretKeyPath).map(Array.init))
        let log = log
        return try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try BackupWriter.write(log: log, to: url, key: key, options: options) })
            }
        }
    }

    /// The passphrase of the settings, opened.
    func configuredPassphrase() throws -> String {
        guard let sealed = settings().passphrase else {
            throw DomainError.invalid(field: "passphrase", rule: "none given and none configured (PUT /api/v1/backup/settings)")
        }
        return try sealing.open(sealed)
    }

    static func size(of url: URL) -> Int64? {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.int64Value
    }

    /// A finished archive's name: `….zip`, one path component, not hidden (a `.partial` file or
    /// directory of a backup in progress is none).
    static func isArchiveName(_ name: String) -> Bool {
        name.hasSuffix(".zip") && !name.hasPrefix(".") && !name.contains("/") && !name.contains("\0") && name.utf8.count <= 255
    }
}
