import Foundation
import Testing
@testable import EventLog

/// Snapshots bound to the chain and witnesses of the head (issue 13, points 18 and 19).
@Suite struct IntegrityTests {
    /// A log of `count` events with a bound snapshot of `kind` at its head.
    private func logWithSnapshot(_ directory: TemporaryDirectory, count: Int = 30) async throws -> EventLog {
        let log = try EventLog.open(path: directory.databasePath, integrityKey: testIntegrityKey)
        _ = try await log.append(AppendRequest(events: (0..<count).map { _ in proposed() }))
        try await log.saveSnapshot(Snapshot(kind: "system-state", position: Int64(count), schema: 1, state: Array("the fold".utf8)))
        return log
    }

    @Test func aBoundSnapshotLoads() async throws {
        let directory = try TemporaryDirectory()
        let log = try await logWithSnapshot(directory)
        #expect(try log.latestSnapshot(kind: "system-state", schema: 1)?.state == Array("the fold".utf8))
        let report = try log.checkIntegrity()
        #expect(report.snapshots.map(\.verdict) == [.bound])
        #expect(report.isClean)
        await log.close()
    }

    @Test func anEditedSnapshotIsRefusedAsForged() async throws {
        let directory = try TemporaryDirectory()
        try await logWithSnapshot(directory).close()
        try rawExecute(directory.databasePath, "UPDATE snapshots SET state = CAST('a forged fold' AS BLOB)")

        let log = try EventLog.open(path: directory.databasePath, integrityKey: testIntegrityKey)
        #expect(try log.latestSnapshot(kind: "system-state", schema: 1) == nil, "a forged snapshot must make the projection replay")
        let report = try log.checkIntegrity()
        #expect(report.snapshots.map(\.verdict) == [.forged])
        #expect(report.isSound, "the log itself is intact: replay is correct")
        #expect(!report.isClean)
        await log.close()
    }

    @Test func aSnapshotWithoutMACIsRefusedAsUnbound() async throws {
        let directory = try TemporaryDirectory()
        try await logWithSnapshot(directory).close()
        try rawExecute(directory.databasePath, "UPDATE snapshots SET mac = NULL, event_hash = NULL")

        let log = try EventLog.open(path: directory.databasePath, integrityKey: testIntegrityKey)
        #expect(try log.latestSnapshot(kind: "system-state", schema: 1) == nil)
        #expect(try log.checkIntegrity().snapshots.map(\.verdict) == [.unbound])
        await log.close()
    }

    @Test func aSnapshotUnderAnotherKeyIsRefused() async throws {
        let directory = try TemporaryDirectory()
        try await logWithSnapshot(directory).close()
        let log = try EventLog.open(path: directory.databasePath, integrityKey: LogIntegrityKey(secret: [UInt8](repeating: 9, count: 32)))
        #expect(try log.latestSnapshot(kind: "system-state", schema: 1) == nil)
        await log.close()
    }

    @Test func aSnapshotAheadOfACutLogIsRefusedAndRevealsTheCut() async throws {
        let directory = try TemporaryDirectory()
        try await logWithSnapshot(directory).close()
        try rawExecute(directory.databasePath, "DELETE FROM events WHERE position > 25")

        let log = try EventLog.open(path: directory.databasePath, integrityKey: testIntegrityKey)
        #expect(try log.latestSnapshot(kind: "system-state", schema: 1) == nil)
        #expect(try log.verify() == .intact(events: 25, head: 25), "a cut tail is still a valid chain")
        let report = try log.checkIntegrity()
        #expect(report.snapshots.map(\.verdict) == [.aheadOfLog])
        #expect(report.truncation == IntegrityReport.Truncation(head: 25, witness: 30, source: "snapshot system-state at 30"))
        #expect(!report.isSound)
        #expect(report.finding == "truncated: head 25, witness 30 (snapshot system-state at 30)")
        await log.close()
    }

    @Test func aSnapshotOverARewrittenLogIsRefusedAsDetached() async throws {
        let directory = try TemporaryDirectory()
        try await logWithSnapshot(directory).close()
        try rawExecute(directory.databasePath, "UPDATE events SET hash = zeroblob(32) WHERE position = 30")

        let log = try EventLog.open(path: directory.databasePath, integrityKey: testIntegrityKey)
        #expect(try log.latestSnapshot(kind: "system-state", schema: 1) == nil)
        let report = try log.checkIntegrity()
        #expect(report.snapshots.map(\.verdict) == [.detached])
        #expect(report.chain == .broken(position: 30, reason: "stored hash does not match the event's content and the previous hash"))
        await log.close()
    }

    @Test func aLogWithoutKeyNeitherSavesNorLoadsSnapshots() async throws {
        let directory = try TemporaryDirectory()
        try await logWithSnapshot(directory).close()
        let log = try EventLog.open(path: directory.databasePath)
        #expect(try log.latestSnapshot(kind: "system-state", schema: 1) == nil)
        await #expect(throws: EventLogError.self) {
            try await log.saveSnapshot(Snapshot(kind: "system-state", position: 1, schema: 1, state: []))
        }
        await log.close()
    }

    @Test func theVerifiedMarkRevealsACutTail() async throws {
        let directory = try TemporaryDirectory()
        let log = try EventLog.open(path: directory.databasePath, integrityKey: testIntegrityKey)
        _ = try await log.append(AppendRequest(events: (0..<50).map { _ in proposed() }))
        let first = try log.checkIntegrity(fromVerifiedMark: true)
        #expect(first.isSound)
        try await log.saveVerifiedMark(first.headWitness)
        await log.close()
        try rawExecute(directory.databasePath, "DELETE FROM events WHERE position > 40")

        let reopened = try EventLog.open(path: directory.databasePath, integrityKey: testIntegrityKey)
        let report = try reopened.checkIntegrity(fromVerifiedMark: true)
        #expect(report.truncation == IntegrityReport.Truncation(head: 40, witness: 50, source: "verified mark"))
        #expect(!report.isSound)
        await reopened.close()
    }

    @Test func theWitnessFileRevealsACutTailWhenTheMarkIsGoneToo() async throws {
        let directory = try TemporaryDirectory()
        let file = WitnessFile(dataDirectory: directory.url.path)
        let log = try EventLog.open(path: directory.databasePath, integrityKey: testIntegrityKey)
        _ = try await log.append(AppendRequest(events: (0..<50).map { _ in proposed() }))
        let head = try log.checkIntegrity().headWitness
        try await log.saveVerifiedMark(head)
        try file.write(head)
        await log.close()
        try rawExecute(directory.databasePath, "DELETE FROM events WHERE position > 47; DELETE FROM integrity_marks")

        #expect(file.read() == head)
        let reopened = try EventLog.open(path: directory.databasePath, integrityKey: testIntegrityKey)
        let report = try reopened.checkIntegrity(outside: ["witness file": try #require(file.read())], fromVerifiedMark: true)
        #expect(report.truncation == IntegrityReport.Truncation(head: 47, witness: 50, source: "witness file"))
        await reopened.close()
    }

    @Test func aForgedWitnessIsReportedNotTrusted() async throws {
        let directory = try TemporaryDirectory()
        let log = try EventLog.open(path: directory.databasePath, integrityKey: testIntegrityKey)
        _ = try await log.append(AppendRequest(events: (0..<10).map { _ in proposed() }))
        var witness = try log.checkIntegrity().headWitness
        #expect(ChainWitness(text: witness.text) == witness)
        witness.position = 5
        let report = try log.checkIntegrity(outside: ["witness file": witness])
        #expect(report.truncation == nil)
        #expect(report.witnessProblems.count == 1)
        #expect(!report.isSound)
        await log.close()
    }

    @Test func anEditedEventAfterTheVerifiedMarkIsFoundFromTheMark() async throws {
        let directory = try TemporaryDirectory()
        let log = try EventLog.open(path: directory.databasePath, integrityKey: testIntegrityKey)
        _ = try await log.append(AppendRequest(events: (0..<50).map { _ in proposed() }))
        try await log.saveVerifiedMark(try log.checkIntegrity().headWitness)
        _ = try await log.append(AppendRequest(events: (0..<10).map { _ in proposed() }))
        #expect(try log.checkIntegrity(fromVerifiedMark: true).chain == .intact(events: 10, head: 60), "only the events after the mark are walked")
        await log.close()
        try rawExecute(directory.databasePath, #"UPDATE events SET payload = '{"n":2}' WHERE position = 55"#)

        let reopened = try EventLog.open(path: directory.databasePath, integrityKey: testIntegrityKey)
        let report = try reopened.checkIntegrity(fromVerifiedMark: true)
        #expect(report.chain == .broken(position: 55, reason: "stored hash does not match the event's content and the previous hash"))
        #expect(report.finding == "chain broken at position 55: stored hash does not match the event's content and the previous hash")
        await reopened.close()
    }

    @Test func aLogRewrittenBeneathTheMarkIsFound() async throws {
        let directory = try TemporaryDirectory()
        let log = try EventLog.open(path: directory.databasePath, integrityKey: testIntegrityKey)
        _ = try await log.append(AppendRequest(events: (0..<20).map { _ in proposed() }))
        try await log.saveVerifiedMark(try log.checkIntegrity().headWitness)
        await log.close()
        // A consistent rewrite: every hash from position 20 on recomputed, but not the mark.
        try rawExecute(directory.databasePath, "UPDATE events SET hash = zeroblob(32) WHERE position = 20")

        let reopened = try EventLog.open(path: directory.databasePath, integrityKey: testIntegrityKey)
        let report = try reopened.checkIntegrity(fromVerifiedMark: true)
        #expect(!report.isSound)
        #expect(report.witnessProblems.contains { $0.contains("verified mark") })
        await reopened.close()
    }
}
