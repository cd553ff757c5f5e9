import ControlPlane
import Domain
import EventLog
import Foundation
import Logging

/// Replay of the log into `SystemState` against a raw row read, and start-up with a snapshot
/// against start-up by full replay, over the same file of `options.events` events.
struct ReplayBench {
    let options: CallplaneBench.Options

    func run() async throws -> [BenchFigure] {
        let path = try freshDatabase(options, "replay")
        let fillStart = ContinuousClock.now
        let log = try EventLog.open(path: path)
        var index = 0
        while index < options.events {
            let batch = (index..<min(index + 1000, options.events)).map { userEvent($0) }
            _ = try await log.append(AppendRequest(events: batch))
            index += batch.count
        }
        await log.close()
        print(String(format: "filled %d events in %.1f s", options.events, (ContinuousClock.now - fillStart).seconds))

        var rawRead: [Double] = [], replay: [Double] = []
        var hash = ""
        for run in 1...options.runs {
            let raw = try RawSQLiteBaseline(path: path).readAll()
            rawRead.append(raw.rowsPerSecond)
            let reader = try EventLog.open(path: path, mode: .readOnly)
            var state = SystemState()
            let start = ContinuousClock.now
            let last = try reader.scanWithReadAhead(after: 0) { row in try state.apply(row) }
            let seconds = (ContinuousClock.now - start).seconds
            await reader.close()
            guard last == Int64(options.events), state.users.count == min(1200, options.events) else {
                throw BenchError("replay reached \(last) with \(state.users.count) users")
            }
            hash = state.stateHash()
            replay.append(Double(last) / seconds)
            // Where the time goes: the same scan, decoding each payload but applying nothing.
            let decoder = try EventLog.open(path: path, mode: .readOnly)
            var decoded = 0
            let decodeStart = ContinuousClock.now
            try decoder.scan(after: 0) { row in if try DomainEvent.decode(row) != nil { decoded += 1 } }
            let decodeRate = Double(decoded) / (ContinuousClock.now - decodeStart).seconds
            await decoder.close()
            print(
                String(
                    format: "run %d: raw read %.0f rows/s, scan+decode %.0f events/s, replay into SystemState %.0f events/s", run, rawRead.last!, decodeRate,
                    replay.last!))
        }

        // Start-up: open the log and rebuild the state, from a snapshot at the head vs. from nothing.
        let logger = Logger(label: "bench")
        // Snapshots are bound to the chain under a key (issue 13, point 18); any key will do here.
        let key = LogIntegrityKey(secret: [UInt8](repeating: 1, count: 32))
        let writer = try EventLog.open(path: path, integrityKey: key)
        let projection = try StateProjection(log: writer, snapshotInterval: 0, ignoreSnapshots: true, logger: logger)
        await projection.saveSnapshot()
        await writer.close()
        var withSnapshot: [Double] = [], fullReplay: [Double] = []
        for run in 1...options.runs {
            for ignore in [false, true] {
                let start = ContinuousClock.now
                let log = try EventLog.open(path: path, integrityKey: key)
                let projection = try StateProjection(log: log, snapshotInterval: 0, ignoreSnapshots: ignore, logger: logger)
                let seconds = (ContinuousClock.now - start).seconds
                guard projection.current.state.stateHash() == hash else { throw BenchError("start-up (ignore snapshots: \(ignore)) gave another state") }
                await log.close()
                if ignore { fullReplay.append(seconds) } else { withSnapshot.append(seconds) }
            }
            print(String(format: "run %d: start-up with snapshot %.3f s, by full replay %.3f s", run, withSnapshot.last!, fullReplay.last!))
        }
        return [
            BenchFigure(
                name: "replay of \(options.events) events into SystemState", runs: replay, unit: "events/s",
                baselineName: "raw row read", baselineRuns: rawRead, target: .valueAtLeast(1_000_000)),
            BenchFigure(
                name: "start-up with a snapshot and \(options.events) events", runs: withSnapshot, unit: "s",
                baselineName: "start-up by full replay", baselineRuns: fullReplay, smallerIsBetter: true, target: .valueAtMost(1)),
        ]
    }
}
