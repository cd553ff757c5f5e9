@testable import Backup
import ControlPlane
import Domain
import EventLog
import Foundation

/// A data directory with a configured system in it: users, a terminal with a sealed password, a
/// destination and an event message — so a state hash covers real parts of every kind.
struct BackupFixture {
    let directory: URL
    let secret: [UInt8]
    static let origin = CommandOrigin(actor: "admin", source: "127.0.0.1/test")
    static let passphrase = "correct horse battery staple"

    var dataDirectory: String { directory.appendingPathComponent("data").path }
    var logPath: String { (dataDirectory as NSString).appendingPathComponent("callplane.sqlite") }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("callplane-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: directory.appendingPathComponent("data").path, withIntermediateDirectories: true)
        secret = SecretBox.generateKey()
        try Data((Data(secret).base64EncodedString() + "\n").utf8).write(to: URL(fileURLWithPath: keyPath))
    }

    var keyPath: String { (dataDirectory as NSString).appendingPathComponent("secret.key") }
    var keyFileContents: [UInt8] { Array(FileManager.default.contents(atPath: keyPath) ?? Data()) }

    /// Builds the configuration; returns the state hash at the head and the head.
    @discardableResult
    func configure(systemID: String = "CP-0123456789abcdef01234567", users: Int = 30) async throws -> (hash: String, head: Int64) {
        let log = try EventLog.open(path: logPath, integrityKey: LogIntegrityKey(secret: secret))
        let projection = try StateProjection(log: log, snapshotInterval: 1_000, logger: .init(label: "test"))
        let pipeline = CommandPipeline(log: log, state: projection.current.state, sealing: try SecretBox(key: secret))
        var identity = projection.current.state.identity
        if identity.systemID.isEmpty {
            identity.systemID = systemID
            identity.name = "Backup test"
            _ = try await pipeline.execute(.setSystemIdentity(identity), origin: CommandOrigin(actor: "system", source: "first-start"))
        }
        let existing = projection.current.state.users.count
        for number in 0..<users {
            _ = try await pipeline.execute(
                .createUser(User(number: String(2_000 + existing + number), name: "User \(number)", email: "u\(number)@example.com")), origin: Self.origin)
        }
        _ = try await pipeline.execute(
            .createTerminal(TerminalDraft(kind: .standardSIP, registrationName: "desk\(existing)", password: "Terminal-Pass-1")), origin: Self.origin)
        _ = try await pipeline.execute(
            .raiseEventMessage(EventMessageRequest(type: "malfunction", parameters: ["errorId": "17"], at: 1_767_225_600_000_000)), origin: Self.origin)
        let head = log.head
        var state = SystemState()
        _ = try log.scan(after: 0) { row in try state.apply(row) }
        await log.close()
        return (state.stateHash(), head)
    }

    func archive(_ name: String = "backup.zip") -> URL { directory.appendingPathComponent(name) }

    /// Writes a backup of the data directory, as `callplane backup create` does.
    @discardableResult
    func backUp(to url: URL, key: BackupKeyChoice = .passphrase) async throws -> BackupManifest {
        let log = try EventLog.open(path: logPath, mode: .readOnly)
        defer { Task { await log.close() } }
        return try BackupWriter.write(
            log: log, to: url, key: try key.key(),
            options: .init(softwareVersion: "Callplane test", createdBy: "tester", createdAt: 1_767_225_600_000_000, secretKeyFile: keyFileContents))
    }

    func tearDown() {
        try? FileManager.default.removeItem(at: directory)
    }
}

enum BackupKeyChoice {
    case passphrase
    case keyFile([UInt8])

    func key() throws -> BackupKey {
        switch self {
        case .passphrase: try BackupKey.newPassphraseKey(BackupFixture.passphrase, logN: 10)
        case .keyFile(let bytes): try BackupKey.fromKeyFile(bytes)
        }
    }
}
