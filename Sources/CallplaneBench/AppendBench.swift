import Domain
import EventLog
import Foundation

/// Durable appends through the log (group commit) against raw SQLite inserts of the same rows.
struct AppendBench {
    let options: CallplaneBench.Options

    func run() async throws -> [BenchFigure] {
        var raw1: [Double] = [], raw16: [Double] = [], raw100: [Double] = []
        var log1: [Double] = [], log16: [Double] = [], logPipelined: [Double] = []
        let appenders = options.appenders
        for run in 1...options.runs {
            // Each figure right beside its baseline, in turns which goes first, and over as many
            // rows: the disk's flush time drifts by tens of percent within a minute here, and a
            // pair measured a minute apart (or over half the rows, in a smaller B-tree)
            // compared the drift more than the log.
            let logFirst = run % 2 == 0
            try await pair(logFirst) {
                raw1.append(try await rawInsert(rows: options.singleAppends, perCommit: 1, appenders: 1))
            } log: {
                log1.append(try await logAppends(total: options.singleAppends, appenders: 1, inFlight: 1))
            }
            try await pair(logFirst) {
                raw16.append(try await rawInsert(rows: options.concurrentAppends, perCommit: appenders, appenders: appenders))
            } log: {
                log16.append(try await logAppends(total: options.concurrentAppends, appenders: appenders, inFlight: 1))
            }
            try await pair(logFirst) {
                raw100.append(try await rawInsert(rows: options.concurrentAppends * 2, perCommit: 100, appenders: appenders))
            } log: {
                logPipelined.append(try await logAppends(total: options.concurrentAppends * 2, appenders: appenders, inFlight: 8))
            }
            print(
                String(
                    format:
                        "run %d: raw 1/commit %.0f/s, raw %d/commit %.0f/s, raw 100/commit %.0f/s, log 1 appender %.0f/s, log %d appenders %.0f/s, log %d appenders × 8 in flight %.0f/s",
                    run, raw1.last!, appenders, raw16.last!, raw100.last!, log1.last!, appenders, log16.last!, appenders, logPipelined.last!))
        }
        return [
            BenchFigure(
                name: "durable appends, 1 appender", runs: log1, unit: "events/s",
                baselineName: "raw SQLite, 1 row per commit", baselineRuns: raw1, target: .ratioAtLeast(0.9)),
            BenchFigure(
                name: "durable appends, \(appenders) appenders", runs: log16, unit: "events/s",
                baselineName: "raw SQLite, 100 rows per commit", baselineRuns: raw100, target: .valueAtLeast(50_000)),
            BenchFigure(
                name: "durable appends, \(appenders) appenders", runs: log16, unit: "events/s",
                baselineName: "raw SQLite, \(appenders) rows per commit (the most a commit can hold when each appender awaits its append)", baselineRuns: raw16,
                target: .ratioAtLeast(0.85)),
            BenchFigure(
                name: "durable appends, \(appenders) appenders × 8 in flight", runs: logPipelined, unit: "events/s",
                baselineName: "raw SQLite, 100 rows per commit", baselineRuns: raw100, target: .informational),
        ]
    }

    private func pair(_ logFirst: Bool, raw: () async throws -> Void, log: () async throws -> Void) async throws {
        if logFirst {
            try await log()
            try await raw()
        } else {
            try await raw()
            try await log()
        }
    }

    /// The rows the log writes for `appenders` appenders, in the order their commits hold them
    /// (round robin: each appender's next event in turn), so both sides insert the same keys
    /// into the same indexes.
    private func rawInsert(rows count: Int, perCommit: Int, appenders: Int) async throws -> Double {
        let path = try freshDatabase(options, "raw-\(perCommit)")
        let log = try EventLog.open(path: path)  // migrates: the same schema as the log's
        await log.close()
        let rows = (0..<count).map { index -> BenchRow in
            let event = userEvent(index / appenders, stream: "bench/\(index % appenders)-\(index / appenders)")
            return BenchRow(
                position: Int64(index + 1), id: withUnsafeBytes(of: event.id.uuid) { Array($0) }, stream: event.stream, type: event.type,
                at: SystemWallClock().now(), payload: event.payload, hash: Array(repeating: UInt8(index & 0xFF), count: 32))
        }
        return try RawSQLiteBaseline(path: path).insert(rows, perCommit: perCommit)
    }

    /// `appenders` tasks, each with `inFlight` appends outstanding at a time (1: it awaits each
    /// append before the next, like a client that needs its answer).
    private func logAppends(total: Int, appenders: Int, inFlight: Int) async throws -> Double {
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
                    var outstanding: [AppendTicket] = []
                    for var event in mine {
                        // A fresh time-ordered id at submission, as a command gets one when it
                        // is decided: ids made in advance per appender would land in 16 far-apart
                        // places of the id index per commit, while the raw rows' ids are in order.
                        event.id = .timeOrdered()
                        outstanding.append(log.submit(AppendRequest(events: [event])))
                        if outstanding.count == inFlight {
                            _ = try await outstanding.removeFirst().result()
                        }
                    }
                    for ticket in outstanding { _ = try await ticket.result() }
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
