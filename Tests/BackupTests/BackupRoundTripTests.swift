import ControlPlane
import Domain
import EventLog
import Foundation
import Testing
@testable import Backup

@Suite struct BackupRoundTripTests {
    /// Issue 18, "Done when", first point at unit level: back up, remove the data directory,
    /// restore into an empty one → the same chain, row for row, and the same state hash; the key
    /// comes back, and every reactor starts at the restored head.
    @Test func restoreIntoAnEmptyDataDirectoryGivesTheSameChainAndState() async throws {
        let fixture = try BackupFixture()
        defer { fixture.tearDown() }
        let (hash, head) = try await fixture.configure()
        let original = try readAll(fixture.logPath)
        let manifest = try await fixture.backUp(to: fixture.archive())
        #expect(manifest.headPosition == head)
        #expect(manifest.stateHash == hash)
        #expect(manifest.systemID == "CP-0123456789abcdef01234567")
        #expect(manifest.counts.users == 30 && manifest.counts.terminals == 1 && manifest.counts.events == head)

        try FileManager.default.removeItem(atPath: fixture.dataDirectory)
        try FileManager.default.createDirectory(atPath: fixture.dataDirectory, withIntermediateDirectories: true)
        let outcome = try await DataDirectoryRestore.restore(
            archive: fixture.archive(), dataDirectory: fixture.dataDirectory, passphrase: BackupFixture.passphrase, keyFile: nil, force: false,
            restoredBy: "tester", source: "127.0.0.1/test")
        #expect(outcome.stateHash == hash)
        #expect(outcome.preRestoreCopies.isEmpty)

        #expect(fixture.keyFileContents == Array((Data(fixture.secret).base64EncodedString() + "\n").utf8))
        let log = try EventLog.open(path: fixture.logPath, integrityKey: LogIntegrityKey(secret: fixture.secret))
        // The archive's events, then the restore's own record.
        #expect(try log.verify() == .intact(events: head + 1, head: head + 1))
        #expect(try log.cursor(of: "a reactor the backed-up system never had") == head + 1)
        let snapshot = try #require(try log.latestSnapshot(kind: StateProjection.snapshotKind, schema: SystemState.snapshotSchema))
        #expect(snapshot.position == head + 1)
        #expect(try SystemState(canonicalEncoding: snapshot.state).stateHash() == hash)
        let record = try #require(try log.event(at: head + 1))
        #expect(record.type == "backup.restored" && record.actor == "tester" && record.source == "127.0.0.1/test")
        let restored = try JSONDecoder().decode(RestoreRecord.self, from: Data(record.payload.utf8))
        #expect(restored == RestoreRecord(archive: "backup.zip", manifest: manifest, forced: false))
        var replayed = SystemState()
        _ = try log.scan(after: 0) { row in try replayed.apply(row) }
        #expect(replayed.stateHash() == hash)
        await log.close()
        #expect(Array(try readAll(fixture.logPath).prefix(Int(head))) == original)
        #expect(try leftovers(in: fixture.dataDirectory).isEmpty)
    }

    /// Restoring over a configured system of the same id keeps the previous files as dated copies.
    @Test func restoreOverTheSameSystemKeepsThePreviousFilesAsDatedCopies() async throws {
        let fixture = try BackupFixture()
        defer { fixture.tearDown() }
        let (hash, head) = try await fixture.configure()
        try await fixture.backUp(to: fixture.archive())
        let (laterHash, laterHead) = try await fixture.configure(users: 5)
        #expect(laterHash != hash && laterHead > head)
        let before = try readAll(fixture.logPath)

        let outcome = try await DataDirectoryRestore.restore(
            archive: fixture.archive(), dataDirectory: fixture.dataDirectory, passphrase: BackupFixture.passphrase, keyFile: nil, force: false,
            restoredBy: "tester", source: "127.0.0.1/test", now: Date(timeIntervalSince1970: 1_780_000_000))
        #expect(outcome.stateHash == hash)
        let copy = try #require(outcome.preRestoreCopies.first { $0.hasSuffix("callplane.sqlite.pre-restore-2026-05-28T20-26-40Z") })
        #expect(try readAll(copy) == before)
        let log = try EventLog.open(path: fixture.logPath, mode: .readOnly)
        #expect(log.head == head + 1)
        await log.close()
    }

    /// A log that cannot be read is a reason to restore: refused without --force (nothing says
    /// whose it was), replaced with it, and kept as the dated copy.
    @Test func aDamagedLogIsReplacedOnlyWhenForced() async throws {
        let fixture = try BackupFixture()
        defer { fixture.tearDown() }
        let (hash, _) = try await fixture.configure(users: 3)
        try await fixture.backUp(to: fixture.archive())
        let garbage = Data(repeating: 0x5A, count: 8_192)
        try garbage.write(to: URL(fileURLWithPath: fixture.logPath))
        func restore(force: Bool) async throws -> DataDirectoryRestore.Outcome {
            try await DataDirectoryRestore.restore(
                archive: fixture.archive(), dataDirectory: fixture.dataDirectory, passphrase: BackupFixture.passphrase, keyFile: nil, force: force,
                restoredBy: "tester", source: "127.0.0.1/test")
        }
        await #expect {
            try await restore(force: false)
        } throws: { error in
            (error as? BackupError).map { "\($0)".contains("the data directory's log cannot be read") && "\($0)".contains("--force") } ?? false
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.logPath)) == garbage)
        let outcome = try await restore(force: true)
        #expect(outcome.stateHash == hash)
        let copy = try #require(outcome.preRestoreCopies.first { $0.contains("callplane.sqlite.pre-restore-") })
        #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == garbage)
    }

    /// A key file instead of a passphrase; the wrong key file is named as such.
    @Test func aKeyFileSealsAndTheWrongOneIsRefused() async throws {
        let fixture = try BackupFixture()
        defer { fixture.tearDown() }
        let (hash, _) = try await fixture.configure(users: 3)
        let keyFile = Array(Hexadecimal.lowercase(SecretBox.generateKey()).utf8) + [10]
        try await fixture.backUp(to: fixture.archive(), key: .keyFile(keyFile))
        let verified = try BackupReader.verify(fixture.archive(), passphrase: nil, keyFile: keyFile)
        #expect(verified.state.stateHash() == hash)
        #expect(throws: BackupError.wrongKey("the key file is not the one the archive was sealed with")) {
            try BackupReader.verify(fixture.archive(), passphrase: nil, keyFile: SecretBox.generateKey())
        }
        #expect(throws: BackupError.keyMissing("the archive was sealed with a key file; give it")) {
            try BackupReader.verify(fixture.archive(), passphrase: BackupFixture.passphrase, keyFile: nil)
        }
    }

    /// A backup interrupted before its rename leaves only `.partial` leftovers; the next backup
    /// of the same name removes them, and a partial file is not an archive.
    @Test func anInterruptedBackupLeavesNothingThatLooksValid() async throws {
        let fixture = try BackupFixture()
        defer { fixture.tearDown() }
        try await fixture.configure(users: 2)
        try await fixture.backUp(to: fixture.archive("whole.zip"))
        let whole = try Data(contentsOf: fixture.archive("whole.zip"))
        // What a kill while zipping leaves: the first part of the archive under its partial name.
        let partial = fixture.archive("backup.zip" + BackupWriter.partialSuffix)
        try whole.prefix(whole.count / 2).write(to: partial)
        try FileManager.default.createDirectory(at: fixture.archive("backup.zip.partial-0A"), withIntermediateDirectories: true)
        #expect(throws: BackupError.self) { try BackupReader.verify(partial, passphrase: BackupFixture.passphrase, keyFile: nil) }

        try await fixture.backUp(to: fixture.archive())
        let names = try FileManager.default.contentsOfDirectory(atPath: fixture.directory.path)
        #expect(names.filter { $0.contains(".partial") } == [])
        #expect(names.contains("whole.zip"))
    }

    /// A restore killed after its journal was written but before every move ran is finished by
    /// the next `recover`: each move that is already done is skipped, the journal goes last.
    @Test func anInterruptedSwapIsFinishedFromItsJournal() throws {
        let fixture = try BackupFixture()
        defer { fixture.tearDown() }
        let data = fixture.dataDirectory as NSString
        func path(_ name: String) -> String { data.appendingPathComponent(name) }
        try Data("old".utf8).write(to: URL(fileURLWithPath: path("callplane.sqlite")))
        try Data("new".utf8).write(to: URL(fileURLWithPath: path("callplane.sqlite.restoring")))
        try Data("old key".utf8).write(to: URL(fileURLWithPath: path("secret.key")))
        try Data("new key".utf8).write(to: URL(fileURLWithPath: path("secret.key.restoring")))
        let journal = DataDirectoryRestore.Journal(moves: [
            .init(from: path("callplane.sqlite"), to: path("callplane.sqlite.pre-restore-X")),
            .init(from: path("callplane.sqlite.restoring"), to: path("callplane.sqlite")),
            .init(from: path("secret.key"), to: path("secret.key.pre-restore-X")),
            .init(from: path("secret.key.restoring"), to: path("secret.key")),
        ])
        try JSONEncoder().encode(journal).write(to: URL(fileURLWithPath: path("restore.journal")))
        // The kill came after the first two moves.
        #expect(rename(path("callplane.sqlite"), path("callplane.sqlite.pre-restore-X")) == 0)
        #expect(rename(path("callplane.sqlite.restoring"), path("callplane.sqlite")) == 0)

        let done = try DataDirectoryRestore.recover(dataDirectory: fixture.dataDirectory)
        #expect(done.count == 2)
        func text(_ name: String) -> String? { FileManager.default.contents(atPath: path(name)).map { String(decoding: $0, as: UTF8.self) } }
        #expect(text("callplane.sqlite") == "new")
        #expect(text("callplane.sqlite.pre-restore-X") == "old")
        #expect(text("secret.key") == "new key")
        #expect(text("secret.key.pre-restore-X") == "old key")
        #expect(text("restore.journal") == nil)
        #expect(try DataDirectoryRestore.recover(dataDirectory: fixture.dataDirectory).isEmpty)
    }
}

/// Every stored column of every event, in order.
func readAll(_ path: String) throws -> [EventEnvelope] {
    let log = try EventLog.open(path: path, mode: .readOnly)
    defer { Task { await log.close() } }
    return try log.read(after: 0, limit: 1_000_000)
}

func leftovers(in directory: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains(".restoring") || $0 == "restore.journal" }
}
