import Domain
import EventLog
import Foundation

/// Durable appends through the log (group commit) against raw SQLite inserts of the same rows.
struct AppendBench {
    let options: CallplaneBench.Options

    func run() async throws -> [BenchFigure] {
        var raw1: [Double] = [], raw100: [Double] = [], log1: [Double] = [], log16: [Double] = []
        for run in 1...options.runs {
            raw1.append(try await rawInsert(rows: options.singleAppends, perCommit: 1))
            raw100.append(try await rawInsert(rows: 20_000, perCommit: 100))
            log1.append(try await logAppends(total: options.singleAppends, appenders: 1))
            log16.append(try await logAppends(total: options.concurrentAppends, appenders: options.appenders))
            print(String(format: "run %d: raw 1/commit %.0f/s, raw 100/commit %.0f/s, log 1 appender %.0f/s, log %d appenders %.0f/s",
                         run, raw1.last!, raw100.last!, log1.last!, options.appenders, log16.last!))
        }
        return [
            BenchFigure(name: "durable appends, 1 appender", value: median(log1), unit: "events/s",
                        baselineName: "raw SQLite, 1 row per commit", baseline: median(raw1)),
            BenchFigure(name: "durable appends, \(options.appenders) appenders", value: median(log16), unit: "events/s",
                        baselineName: "raw SQLite, 100 rows per commit", baseline: median(raw100)),
            BenchFigure(name: "durable appends, \(options.appenders) appenders", value: median(log16), unit: "events/s",
                        baselineName: "raw SQLite, 1 row per commit", baseline: median(raw1)),
        ]
    }

    private func rawInsert(rows count: Int, perCommit: Int) async throws -> Double {
        let path = try freshDatabase(options, "raw-\(perCommit)")
        let log = try EventLog.open(path: path)   // migrates: the same schema as the log's
        await log.close()
        let rows = (0..<count).map { index -> BenchRow in
            let event = userEvent(index, stream: "bench/\(index)")
            return BenchRow(position: Int64(index + 1), id: event.id.uuidString.lowercased(), stream: event.stream, type: event.type,
                            at: SystemWallClock().now(), payload: event.payload, hash: (0..<32).map { _ in UInt8.random(in: 0...255) })
        }
        return try RawSQLiteBaseline(path: path).insert(rows, perCommit: perCommit)
    }

    private func logAppends(total: Int, appenders: Int) async throws -> Double {
        let path = try freshDatabase(options, "log-\(appenders)")
        let log = try EventLog.open(path: path)
        let perAppender = total / appenders
        let events = (0..<appenders).map { appender in
            (0..<perAppender).map { userEvent($0, stream: "bench/\(appender)-\($0)") }
        }
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for appender in 0..<appenders {
                let mine = events[appender]
                group.addTask {
                    for event in mine {
                        _ = try await log.append(AppendRequest(events: [event]))
                    }
                }
            }
            try await group.waitForAll()
        }
        let seconds = (ContinuousClock.now - start).seconds
        let head = log.head
        await log.close()
        guard head == Int64(perAppender * appenders) else { throw BenchError("expected \(perAppender * appenders) events, log has \(head)") }
        return Double(head) / seconds
    }
}
