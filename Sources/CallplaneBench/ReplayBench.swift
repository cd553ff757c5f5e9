import ControlPlane
import Domain
import EventLog
import Foundation
import Logging

/// Replay of the log into `SystemState` against a raw row read, start-up with a snapshot 10,000
/// events behind the head against start-up by full replay, and `callplane serve` to `/ready` with
/// that snapshot against the same server with `--ignore-snapshots`; all over one file of
/// `options.events` events shaped like a working installation's (``RealisticLog``).
struct ReplayBench {
    let options: CallplaneBench.Options
    /// Events appended after the snapshot, which start-up replays on top of it.
    static let behindSnapshot = 10_000

    func run() async throws -> [BenchFigure] {
        let path = try freshDatabase(options, "replay")
        let fillStart = ContinuousClock.now
        // Snapshots are bound to the chain under the key (issue 13, point 18); the server started
        // below reads the same key from `secret.key`.
        let key = LogIntegrityKey(secret: RealisticLog.key)
        let log = try EventLog.open(path: path, integrityKey: key)
        let snapshotAt = max(0, options.events - Self.behindSnapshot)
        var snapshotSaved = false
        try await RealisticLog.fill(log, events: options.events) { appended in
            if !snapshotSaved, appended >= snapshotAt {
                let projection = try StateProjection(log: log, snapshotInterval: 0, ignoreSnapshots: true, logger: Logger(label: "bench"))
                await projection.saveSnapshot()
                // The telephony facts' projections snapshot at the same point, as a server that
                // ran up to here would have.
                try await FactProjection<ActiveRegistrations>(log: log, snapshotInterval: 0, logger: Logger(label: "bench")).saveSnapshot()
                try await FactProjection<ActiveCalls>(log: log, snapshotInterval: 0, logger: Logger(label: "bench")).saveSnapshot()
                snapshotSaved = true
            }
        }
        // As a server that ran and stopped leaves it: the integrity check's verified mark at the
        // head, so a start walks the chain from there (a first start walks all of it, once).
        if let last = try log.event(at: log.head) {
            try await log.saveVerifiedMark(ChainWitness(position: last.position, hash: last.hash, key: key))
        }
        await log.close()
        // The live fold stopped mid-way through its last command's events, or not: replay must
        // reach exactly what the appended events fold to.
        var expected = SystemState()
        let check = try EventLog.open(path: path, mode: .readOnly)
        _ = try check.scanWithReadAhead(after: 0) { row in try expected.apply(row) }
        await check.close()
        let hash = expected.stateHash()
        print(
            String(
                format: "filled %d events in %.1f s: %d event messages in the log, %d active, %d users, %d terminals, %d accounts; snapshot at %d",
                options.events, (ContinuousClock.now - fillStart).seconds, expected.eventMessages.nextNumber - 1, expected.eventMessages.active.count,
                expected.users.count, expected.terminals.count, expected.accessControl.accounts.count, snapshotAt))

        var rawRead: [Double] = [], replay: [Double] = [], wholeStart: [Double] = []
        for run in 1...options.runs {
            let raw = try RawSQLiteBaseline(path: path).readAll()
            rawRead.append(raw.rowsPerSecond)
            let reader = try EventLog.open(path: path, mode: .readOnly)
            var state = SystemState()
            let start = ContinuousClock.now
            let last = try StateProjection.replay(reader, after: 0, into: &state)
            let seconds = (ContinuousClock.now - start).seconds
            guard last == Int64(options.events), state.stateHash() == hash else {
                throw BenchError("replay reached \(last) of \(options.events) events, or another state")
            }
            replay.append(Double(last) / seconds)
            // What a start without snapshots replays: the configuration and both fact projections.
            let factsStart = ContinuousClock.now
            let registrations = try FactProjection<ActiveRegistrations>(log: reader, snapshotInterval: 0, ignoreSnapshots: true, logger: Logger(label: "bench"))
            let calls = try FactProjection<ActiveCalls>(log: reader, snapshotInterval: 0, ignoreSnapshots: true, logger: Logger(label: "bench"))
            let factSeconds = (ContinuousClock.now - factsStart).seconds
            guard registrations.position == last, calls.position == last, registrations.current.fold.count > 0 else {
                throw BenchError("the fact projections did not reach the head, or folded no registration")
            }
            await reader.close()
            wholeStart.append(Double(last) / (seconds + factSeconds))
            // Where the time goes: the same scan, decoding each payload but applying nothing.
            let decoder = try EventLog.open(path: path, mode: .readOnly)
            var decoded = 0
            let decodeStart = ContinuousClock.now
            try decoder.scan(after: 0) { row in if try DomainEvent.decode(row) != nil { decoded += 1 } }
            let decodeRate = Double(decoded) / (ContinuousClock.now - decodeStart).seconds
            // And the fold alone: the events decoded into memory first, then applied.
            var events: [DomainEvent] = []
            events.reserveCapacity(options.events)
            try decoder.scan(after: 0) { row in if let event = try DomainEvent.decode(row) { events.append(event) } }
            await decoder.close()
            var folded = SystemState()
            let foldStart = ContinuousClock.now
            for event in events { folded.apply(event) }
            let foldRate = Double(events.count) / (ContinuousClock.now - foldStart).seconds
            guard folded.stateHash() == hash else { throw BenchError("the fold of the decoded events gave another state") }
            print(
                String(
                    format:
                        "run %d: raw read %.0f rows/s, scan+decode %.0f events/s, fold alone %.0f events/s, replay into SystemState %.0f events/s, with both fact projections %.0f events/s",
                    run, rawRead.last!, decodeRate, foldRate, replay.last!, wholeStart.last!))
        }

        // Start-up: open the log and rebuild the state, from the snapshot 10,000 events behind vs. from nothing.
        let logger = Logger(label: "bench")
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
        let (serveSnapshot, serveReplay) = try await serveToReady(path: path)
        return [
            BenchFigure(
                name: "replay of \(options.events) events (a working installation's mix) into SystemState", runs: replay, unit: "events/s",
                baselineName: "raw row read", baselineRuns: rawRead, target: .valueAtLeast(1_000_000)),
            BenchFigure(
                name: "replay of the same log as a start without snapshots does: the configuration and both telephony fact projections", runs: wholeStart,
                unit: "events/s", baselineName: "raw row read", baselineRuns: rawRead, target: .informational),
            BenchFigure(
                name: "start-up with a snapshot \(Self.behindSnapshot) events behind a head of \(options.events)", runs: withSnapshot, unit: "s",
                baselineName: "start-up by full replay", baselineRuns: fullReplay, smallerIsBetter: true, target: .valueAtMost(1)),
            BenchFigure(
                name: "callplane serve to /ready, that snapshot", runs: serveSnapshot, unit: "s",
                baselineName: "the same with --ignore-snapshots", baselineRuns: serveReplay, smallerIsBetter: true, target: .valueAtMost(1)),
        ]
    }

    /// The server itself, from spawn to `/ready` answering 200, on a data directory holding the
    /// bench's log and key (a fresh copy per start): the integrity check (no verified mark yet, so
    /// the whole chain), the projection, every service.
    private func serveToReady(path: String) async throws -> (snapshot: [Double], replay: [Double]) {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("callplane").path
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw BenchError("no server binary at \(binary) (ops/bench builds it)") }
        let directory = (options.directory as NSString).appendingPathComponent("serve")
        var snapshot: [Double] = [], replay: [Double] = []
        for run in 1...options.runs {
            for ignore in [false, true] {
                // A fresh copy each time: a server's shutdown saves a snapshot at its head.
                try? FileManager.default.removeItem(atPath: directory)
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
                    try FileManager.default.copyItem(atPath: path + suffix, toPath: (directory as NSString).appendingPathComponent("callplane.sqlite" + suffix))
                }
                let keyFile = (directory as NSString).appendingPathComponent("secret.key")
                guard
                    FileManager.default.createFile(
                        atPath: keyFile, contents: Data((Data(RealisticLog.key).base64EncodedString() + "\n").utf8), attributes: [.posixPermissions: 0o600])
                else { throw BenchError("could not write \(keyFile)") }
                let port = 18_500 + Int(getpid() % 400)
                var arguments = [binary, "serve", "--data-dir", directory, "--http-port", String(port), "--snmp-address", "off", "--log-level", "warning"]
                if ignore { arguments.append("--ignore-snapshots") }
                let start = ContinuousClock.now
                let server = try Spawn.start(
                    arguments, environment: ProcessInfo.processInfo.environment, error: .file((directory as NSString).appendingPathComponent("server.log")))
                do {
                    try await APIBench.Client(base: "http://127.0.0.1:\(port)").waitReady()
                } catch {
                    Spawn.stop(server)
                    throw error
                }
                let seconds = (ContinuousClock.now - start).seconds
                Spawn.stop(server)
                if ignore { replay.append(seconds) } else { snapshot.append(seconds) }
            }
            print(String(format: "run %d: serve to /ready with the snapshot %.3f s, with --ignore-snapshots %.3f s", run, snapshot.last!, replay.last!))
        }
        return (snapshot, replay)
    }
}
