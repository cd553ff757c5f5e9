import Foundation
import Testing
@testable import EventLog

@Suite struct VerifyTests {
    @Test func intactThenTamperedPayloadIsNamed() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.databasePath
        let log = try EventLog.open(path: path)
        #expect(try log.verify() == .intact(events: 0, head: 0))
        for batch in 0..<5 {
            _ = try await log.append(AppendRequest(events: (0..<4).map { proposed("s/\($0)", payload: #"{"batch":\#(batch)}"#) }))
        }
        #expect(try log.verify() == .intact(events: 20, head: 20))

        try rawExecute(path, #"UPDATE events SET payload = '{"batch":99}' WHERE position = 7"#)
        guard case let .broken(position, _) = try log.verify() else {
            Issue.record("a changed payload must break the chain")
            return
        }
        #expect(position == 7)
        await log.close()

        // The same finding on a read-only open.
        let readOnly = try EventLog.open(path: path, mode: .readOnly)
        guard case .broken(position: 7, _) = try readOnly.verify() else {
            Issue.record("read-only verify must find position 7")
            return
        }
        await readOnly.close()
    }

    @Test func rewrittenHashBreaksTheNextEventAndGapsAreFound() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.databasePath
        let log = try EventLog.open(path: path)
        _ = try await log.append(AppendRequest(events: (0..<10).map { _ in proposed() }))
        await log.close()

        // Forging event 4's hash to match a change moves the break to event 5.
        try rawExecute(path, "UPDATE events SET hash = zeroblob(32) WHERE position = 4")
        var readOnly = try EventLog.open(path: path, mode: .readOnly)
        #expect(try { if case .broken(4, _) = try readOnly.verify() { true } else { false } }())
        await readOnly.close()

        try rawExecute(path, "DELETE FROM events WHERE position IN (3, 4)")
        readOnly = try EventLog.open(path: path, mode: .readOnly)
        let result = try readOnly.verify()
        guard case let .broken(position, reason) = result else {
            Issue.record("a gap must break the chain")
            return
        }
        #expect(position == 5)
        #expect(reason.contains("expected position 3"))
        await readOnly.close()
    }
}
