import Crypto
import Foundation
import Testing
@testable import EventLog

@Suite struct MigrationTests {
    /// The migration file as it lies in the source tree, hashed independently of the code.
    private func sourceMigrationSHA256(_ name: String) throws -> String {
        let file = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/EventLog/Migrations/\(name).sql")
        let data = try Data(contentsOf: file)
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    @Test func migrationsAreAppliedOnceAndRecorded() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.databasePath
        let clock = VirtualWallClock(startingAt: epoch)
        let log = try EventLog.open(path: path, clock: clock)
        await log.close()

        let recorded = try rawRows(path, "SELECT version, name, sha256, applied_at FROM schema_migrations ORDER BY version")
        #expect(
            recorded == [
                ["1", "event_log", try sourceMigrationSHA256("0001_event_log"), String(epoch)],
                ["2", "integrity", try sourceMigrationSHA256("0002_integrity"), String(epoch)],
            ])
        let tables = try rawRows(path, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").map { $0[0] }
        #expect(tables == ["cursors", "events", "integrity_marks", "schema_migrations", "snapshots"])
        let indexes = try rawRows(path, "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'events_%' ORDER BY name").map { $0[0] }
        #expect(indexes == ["events_by_actor", "events_by_at", "events_by_id", "events_by_stream", "events_by_type"])

        // A second open applies nothing again and keeps the original record.
        clock.advance(byMicroseconds: 5_000_000)
        let reopened = try EventLog.open(path: path, clock: clock)
        await reopened.close()
        #expect(try rawRows(path, "SELECT version, applied_at FROM schema_migrations") == [["1", String(epoch)], ["2", String(epoch)]])
    }

    @Test func databaseNewerThanCodeIsRefusedAndLeftUnchanged() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.databasePath
        let log = try EventLog.open(path: path)
        _ = try await log.append(request(proposed()))
        await log.close()
        try rawExecute(path, "INSERT INTO schema_migrations (version, name, sha256, applied_at) VALUES (3, 'future', 'abc', 0)")

        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let dumpBefore = try rawRows(path, "SELECT * FROM schema_migrations ORDER BY version") + rawRows(path, "SELECT position, hex(hash) FROM events")
        await expectError(.databaseNewerThanCode(databaseVersion: 3, codeVersion: 2)) { try EventLog.open(path: path) }
        await expectError(.databaseNewerThanCode(databaseVersion: 3, codeVersion: 2)) { try EventLog.open(path: path, mode: .readOnly) }
        let after = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(before == after, "the refused open must not write to the database file")
        let dumpAfter = try rawRows(path, "SELECT * FROM schema_migrations ORDER BY version") + rawRows(path, "SELECT position, hex(hash) FROM events")
        #expect(dumpBefore == dumpAfter)
    }

    @Test func editedMigrationIsRefused() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.databasePath
        let first = try EventLog.open(path: path)
        await first.close()
        try rawExecute(path, "UPDATE schema_migrations SET sha256 = 'not-the-file' WHERE version = 1")
        let error = await thrownError { try EventLog.open(path: path) }
        guard case .migrationMismatch = error else {
            Issue.record("expected migrationMismatch, got \(String(describing: error))")
            return
        }
    }

    @Test func walAndSynchronousFull() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.databasePath
        let log = try EventLog.open(path: path)
        #expect(log.journalMode == "wal")
        #expect(log.synchronousMode == 2)
        // WAL is a property of the file: another connection sees it too.
        #expect(try rawText(path, "PRAGMA journal_mode") == "wal")
        _ = try await log.append(request(proposed()))
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        await log.close()
    }
}
