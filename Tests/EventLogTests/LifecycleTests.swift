import Foundation
import Testing
@testable import EventLog

@Suite struct LifecycleTests {
    @Test func readOnlyOpenRefusesWrites() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.databasePath
        let writer = try EventLog.open(path: path)
        _ = try await writer.append(request(proposed()))
        await writer.close()

        let log = try EventLog.open(path: path, mode: .readOnly)
        #expect(log.head == 1)
        #expect(try log.read().count == 1)
        await expectError(.readOnly) { try await log.append(request(proposed())) }
        await expectError(.readOnly) { try await log.setCursor(of: "x", to: 0) }
        await expectError(.readOnly) { try await log.saveSnapshot(Snapshot(kind: "k", position: 0, schema: 1, state: [])) }
        await log.close()
        #expect(try rawInt(path, "SELECT count(*) FROM events") == 1)
        #expect(try rawInt(path, "SELECT count(*) FROM cursors") == 0)
    }

    @Test func readOnlyOpenOfMissingOrEmptyDatabaseFails() async throws {
        let directory = try TemporaryDirectory()
        let missing = directory.url.appendingPathComponent("missing.sqlite").path
        let missingError = await thrownError { try EventLog.open(path: missing, mode: .readOnly) }
        guard case let .storage(_, message) = missingError else {
            Issue.record("expected a storage error, got \(String(describing: missingError))")
            return
        }
        #expect(message.contains("no event log"))
        #expect(!FileManager.default.fileExists(atPath: missing), "a read-only open must not create the file")

        let empty = directory.url.appendingPathComponent("empty.sqlite").path
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        let emptyError = await thrownError { try EventLog.open(path: empty, mode: .readOnly) }
        guard case let .migrationMismatch(emptyMessage) = emptyError else {
            Issue.record("expected migrationMismatch, got \(String(describing: emptyError))")
            return
        }
        #expect(emptyMessage.contains("not a Callplane event log"))
    }

    @Test func closeDrainsQueuedAppends() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.databasePath
        let log = try EventLog.open(path: path)
        let tickets = (0..<500).map { log.submit(request(proposed("s/\($0 % 7)"))) }
        await log.close()
        var positions: [Int64] = []
        for ticket in tickets { positions += try await ticket.result().positions }
        #expect(positions == Array(1...500))

        await expectError(.closed) { try await log.append(request(proposed())) }
        await expectError(.closed) { try await log.setCursor(of: "x", to: 0) }
        await expectError(.closed) { try log.read() }
        await log.close()  // twice is fine

        let reopened = try EventLog.open(path: path)
        #expect(reopened.head == 500)
        #expect(try reopened.verify() == .intact(events: 500, head: 500))
        #expect(try await reopened.append(request(proposed())).positions == [501])
        await reopened.close()
    }

    @Test func concurrentCloseCallsBothReturnAfterTheDrain() async throws {
        let directory = try TemporaryDirectory()
        let log = try EventLog.open(path: directory.databasePath)
        let tickets = (0..<100).map { _ in log.submit(request(proposed())) }
        async let first: Void = log.close()
        async let second: Void = log.close()
        _ = await (first, second)
        for ticket in tickets { _ = try await ticket.result() }
        #expect(log.head == 100)
    }
}
