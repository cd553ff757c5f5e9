import Foundation
import Testing
@testable import EventLog

/// The export a backup carries and the import a restore builds from it (issue 18): the same rows,
/// and hostile records refused with a reason, never a crash.
@Suite struct ExportImportTests {
    /// A log of a few events with every optional column used once.
    static func exportedRecords(in directory: TemporaryDirectory) async throws -> (records: [[UInt8]], original: [EventEnvelope]) {
        let log = try EventLog.open(path: directory.databasePath)
        _ = try await log.append(request(proposed("user/101"), proposed("user/102", correlation: UUID(), causation: UUID())))
        _ = try await log.append(request(proposed("terminal/1", type: "terminal.created", actor: "sip:201", payload: #"{"ü":"€"}"#)))
        var records: [[UInt8]] = []
        let (head, _) = try log.export(through: log.head) { record, _ in records.append(Array(record)) }
        #expect(head == 3)
        let original = try log.read(after: 0, limit: 10)
        await log.close()
        return (records, original)
    }

    @Test func importRebuildsTheSameRowsAndChain() async throws {
        let directory = try TemporaryDirectory()
        let (records, original) = try await Self.exportedRecords(in: directory)
        let path = directory.url.appendingPathComponent("imported.sqlite").path
        let importer = try EventLogImport(creatingAt: path)
        var types: [String] = []
        for record in records {
            try record.withUnsafeBytes { try importer.add(record: $0) { row in types.append(String(decoding: row.type, as: UTF8.self)) } }
        }
        try importer.finish()
        #expect(types == ["user.created", "user.created", "terminal.created"])
        let log = try EventLog.open(path: path, mode: .readOnly)
        #expect(try log.read(after: 0, limit: 10) == original)
        #expect(try log.verify() == .intact(events: 3, head: 3))
        await log.close()
    }

    /// Every cut of a record, and every single flipped byte, is refused (a flip in a text may
    /// still parse, but then the hash no longer matches); the half-built file is removed.
    @Test func everyCutAndEveryFlippedByteIsRefused() async throws {
        let directory = try TemporaryDirectory()
        let (records, _) = try await Self.exportedRecords(in: directory)
        let record = records[1]
        var refusals = 0
        var candidates: [[UInt8]] = (0..<record.count).map { Array(record.prefix($0)) }
        for index in record.indices {
            var flipped = record
            flipped[index] ^= 0x01
            candidates.append(flipped)
        }
        for (number, candidate) in candidates.enumerated() {
            let path = directory.url.appendingPathComponent("cut-\(number).sqlite").path
            let importer = try EventLogImport(creatingAt: path)
            try records[0].withUnsafeBytes { try importer.add(record: $0) }
            do {
                try candidate.withUnsafeBytes { try importer.add(record: $0) }
                Issue.record("candidate \(number) (\(candidate.count) bytes) was imported")
            } catch let error as EventLogError {
                guard case .importRefused = error else {
                    Issue.record("candidate \(number): \(error)")
                    continue
                }
                refusals += 1
            }
            importer.abandon()
            #expect(!FileManager.default.fileExists(atPath: path))
        }
        #expect(refusals == candidates.count)
    }

    @Test func anImportNeverOverwritesAFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("exists.sqlite").path
        FileManager.default.createFile(atPath: path, contents: Data("keep".utf8))
        #expect(throws: EventLogError.invalidRequest("\(path) exists; an import writes a new file only")) { try EventLogImport(creatingAt: path) }
        #expect(FileManager.default.contents(atPath: path) == Data("keep".utf8))
    }
}
