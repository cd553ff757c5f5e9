import CSQLite
import Domain
import EventLog
import Foundation
import Testing
@testable import Backup

/// An archive written by the build before archives carried the log's database file
/// (``BackupLogFormat/records``): kept in the repository as that build wrote it, so the import of
/// its records is proven against real bytes, not against what today's writer would make.
enum FirstFormatArchive {
    static var url: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/rows-format-backup.zip")
    }

    /// The key file it was sealed with (64 hexadecimal digits).
    static var keyFile: [UInt8] {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/rows-format-backup.key").path
        return Array(FileManager.default.contents(atPath: path) ?? Data())
    }
}

@Suite struct FirstFormatArchiveTests {
    /// Issue 18: an archive is kept for months and must outlive the build that wrote it. The first
    /// format's archive restores into an empty data directory: its 15 events verify, replay to its
    /// manifest's state hash, and come back as the same chain with the restore's record after them.
    @Test func anArchiveOfTheFirstFormatStillRestores() async throws {
        let fixture = try BackupFixture()
        defer { fixture.tearDown() }
        let verified = try BackupReader.verify(FirstFormatArchive.url, passphrase: nil, keyFile: FirstFormatArchive.keyFile)
        #expect(verified.manifest.logFormat == nil)
        #expect(verified.manifest.headPosition == 15)
        #expect(verified.state.users.count == 12 && verified.state.terminals.count == 1)

        let outcome = try await DataDirectoryRestore.restore(
            archive: FirstFormatArchive.url, dataDirectory: fixture.dataDirectory, passphrase: nil, keyFile: FirstFormatArchive.keyFile,
            force: false, restoredBy: "tester", source: "127.0.0.1/test")
        #expect(outcome.stateHash == verified.manifest.stateHash)
        let log = try EventLog.open(path: fixture.logPath, mode: .readOnly)
        #expect(try log.verify() == .intact(events: 16, head: 16))
        #expect(try log.event(at: 16)?.type == "backup.restored")
        var replayed = SystemState()
        _ = try log.scan(after: 0, limit: 15) { row in try replayed.apply(row) }
        #expect(replayed.stateHash() == verified.manifest.stateHash)
        await log.close()
    }

    /// What today's writer makes: the log's database file, said so in the manifest, holding the
    /// events only — not the cursors, snapshots and integrity marks of the server that ran.
    @Test func todaysArchivesCarryTheDatabaseWithItsEventsOnly() async throws {
        let fixture = try BackupFixture()
        defer { fixture.tearDown() }
        let (_, head) = try await fixture.configure(users: 3)
        let log = try EventLog.open(path: fixture.logPath, integrityKey: LogIntegrityKey(secret: fixture.secret))
        try await log.setCursor(of: "syslog-outbox", to: 2)
        let envelope = try #require(try log.event(at: head))
        try await log.saveVerifiedMark(try #require(log.witness(of: envelope)))
        await log.close()
        #expect(try count("cursors", in: fixture.logPath) == 1 && count("integrity_marks", in: fixture.logPath) == 1)

        let manifest = try await fixture.backUp(to: fixture.archive())
        #expect(manifest.logFormat == .database)
        let entries = try entryData(fixture.archive())
        #expect(entries[BackupEntryNames.database] != nil && entries[BackupEntryNames.log] == nil)
        let copy = fixture.directory.appendingPathComponent("unsealed.sqlite").path
        try resealDatabase(fixture.archive(), to: fixture.archive("same.zip"), in: fixture.directory) { path in
            try FileManager.default.copyItem(atPath: path, toPath: copy)
        }
        #expect(try count("events", in: copy) == head)
        #expect(try count("cursors", in: copy) == 0 && count("snapshots", in: copy) == 0 && count("integrity_marks", in: copy) == 0)
    }

    /// Whatever an archive's database holds beside its events — here a cursor far ahead, put in by
    /// someone holding the key — is dropped before the restore reads it: the restored reactors
    /// start at the restore's head, as a copy made by a backup would have them.
    @Test func aRestoreKeepsOnlyTheArchivesEvents() async throws {
        let fixture = try BackupFixture()
        defer { fixture.tearDown() }
        let (hash, head) = try await fixture.configure(users: 3)
        try await fixture.backUp(to: fixture.archive())
        try resealDatabase(fixture.archive(), to: fixture.archive("extra.zip"), in: fixture.directory) { database in
            try execute("INSERT INTO cursors (reactor, position, updated_at) VALUES ('syslog-outbox', 1000000, 0)", on: database)
        }
        try FileManager.default.removeItem(atPath: fixture.dataDirectory)
        try FileManager.default.createDirectory(atPath: fixture.dataDirectory, withIntermediateDirectories: true)
        let outcome = try await DataDirectoryRestore.restore(
            archive: fixture.archive("extra.zip"), dataDirectory: fixture.dataDirectory, passphrase: BackupFixture.passphrase, keyFile: nil,
            force: false, restoredBy: "tester", source: "127.0.0.1/test")
        #expect(outcome.stateHash == hash)
        let log = try EventLog.open(path: fixture.logPath, mode: .readOnly)
        #expect(try log.cursors()["syslog-outbox"] == nil)
        #expect(try log.cursor(of: "syslog-outbox") == head + 1)
        await log.close()
    }

    private func count(_ table: String, in path: String) throws -> Int64 {
        var database: OpaquePointer?
        guard sqlite3_open_v2(path, &database, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else { throw BackupError.storage("cannot open \(path)") }
        defer { sqlite3_close(database) }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(database, "SELECT count(*) FROM \(table)", -1, &statement, nil) == SQLITE_OK, sqlite3_step(statement) == SQLITE_ROW
        else { throw BackupError.storage("cannot count \(table)") }
        defer { sqlite3_finalize(statement) }
        return sqlite3_column_int64(statement, 0)
    }
}
