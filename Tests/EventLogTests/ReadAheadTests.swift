import Foundation
import Testing
@testable import EventLog

@Suite struct ReadAheadTests {
    /// The read-ahead scan hands out exactly what the plain scan does, across chunk boundaries,
    /// and stops at the first error of its body.
    @Test func readAheadEqualsPlainScanAndStopsOnError() async throws {
        let directory = try TemporaryDirectory()
        let log = try EventLog.open(path: directory.databasePath)
        let total = ReadAheadChunk.rows * 2 + 17
        var index = 0
        while index < total {
            let batch = (index..<min(index + 500, total)).map { i in
                proposed("s/\(i)", type: i % 3 == 0 ? "user.created" : "terminal.updated", payload: #"{"i":\#(i)}"#)
            }
            _ = try await log.append(AppendRequest(events: batch))
            index += batch.count
        }
        var plain: [String] = []
        try log.scan(after: 5) { row in
            plain.append(
                "\(row.position) \(row.schema) \(String(decoding: row.type, as: UTF8.self)) \(String(decoding: row.stream, as: UTF8.self)) \(String(decoding: row.payload, as: UTF8.self))"
            )
        }
        var ahead: [String] = []
        let last = try log.scanWithReadAhead(after: 5) { row in
            ahead.append(
                "\(row.position) \(row.schema) \(String(decoding: row.type, as: UTF8.self)) \(String(decoding: row.stream, as: UTF8.self)) \(String(decoding: row.payload, as: UTF8.self))"
            )
        }
        #expect(last == Int64(total))
        #expect(ahead.count == total - 5)
        #expect(ahead == plain)
        #expect(try log.scanWithReadAhead(after: Int64(total)) { _ in Issue.record("nothing after the head") } == Int64(total))

        struct Enough: Error {}
        var seen = 0
        #expect(throws: Enough.self) {
            try log.scanWithReadAhead(after: 0) { _ in
                seen += 1
                if seen == ReadAheadChunk.rows + 3 { throw Enough() }
            }
        }
        #expect(seen == ReadAheadChunk.rows + 3)
        await log.close()
    }
}
