import Foundation
import Testing
@testable import EventLog

@Suite struct CursorSnapshotTests {
    @Test func cursorsPersistAcrossReopen() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.databasePath
        let log = try EventLog.open(path: path)
        _ = try await log.append(AppendRequest(events: (0..<10).map { _ in proposed() }))
        #expect(try log.cursor(of: "smtp") == 0)
        try await log.setCursor(of: "smtp", to: 7)
        try await log.setCursor(of: "snmp-traps", to: 10)
        try await log.setCursor(of: "smtp", to: 9)
        await expectError(.invalidRequest("cursor position 11 is outside 0…10")) { try await log.setCursor(of: "smtp", to: 11) }
        #expect(try log.cursor(of: "smtp") == 9)
        await log.close()

        let reopened = try EventLog.open(path: path)
        #expect(try reopened.cursor(of: "smtp") == 9)
        #expect(try reopened.cursors() == ["smtp": 9, "snmp-traps": 10])
        await reopened.close()
    }

    @Test func snapshotsPersistAndArePrunedToTheNewestTwo() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.databasePath
        let log = try EventLog.open(path: path, integrityKey: testIntegrityKey)
        _ = try await log.append(AppendRequest(events: (0..<30).map { _ in proposed() }))
        for position in [10, 20, 30] as [Int64] {
            try await log.saveSnapshot(Snapshot(kind: "system-state", position: position, schema: 1, state: [UInt8](repeating: UInt8(position), count: 100)))
        }
        try await log.saveSnapshot(Snapshot(kind: "other", position: 5, schema: 2, state: []))
        await expectError(.invalidRequest("snapshot position 31 is outside 0…30")) {
            try await log.saveSnapshot(Snapshot(kind: "system-state", position: 31, schema: 1, state: []))
        }
        await log.close()

        #expect(
            try rawRows(path, "SELECT kind, position FROM snapshots ORDER BY kind, position") == [
                ["other", "5"], ["system-state", "20"], ["system-state", "30"],
            ])
        let reopened = try EventLog.open(path: path, mode: .readOnly, integrityKey: testIntegrityKey)
        #expect(
            try reopened.latestSnapshot(kind: "system-state", schema: 1)
                == Snapshot(kind: "system-state", position: 30, schema: 1, state: [UInt8](repeating: 30, count: 100)))
        #expect(try reopened.latestSnapshot(kind: "system-state", schema: 2) == nil)
        #expect(try reopened.latestSnapshot(kind: "other", schema: 2) == Snapshot(kind: "other", position: 5, schema: 2, state: []))
        #expect(try reopened.latestSnapshot(kind: "missing", schema: 1) == nil)
        await reopened.close()
    }
}
