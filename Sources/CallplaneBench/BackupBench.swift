import EventLog
import Foundation

/// Issue 18's figures: backup and restore of `options.events` events of a working installation's
/// mix (``RealisticLog``) by the command-line tool the operator runs — `callplane backup create`
/// and `callplane backup restore`, each in a process of its own so its peak memory is its own —
/// beside Debian's `sqlite3` copying the same log with its online backup (`.backup`) in the same
/// run: what moving the log's pages alone costs on this disk, with no encryption, no chain check
/// and no replay. An archive carries the log's database file (``BackupLogFormat``), so that copy
/// is the floor of both a backup and a restore.
///
/// Targets: restore ≥ 500,000 events/s including verification, peak memory < 200 MB.
struct BackupBench {
    let options: CallplaneBench.Options

    func run() async throws -> [BenchFigure] {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("callplane").path
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw BenchError("no callplane binary at \(binary) (ops/bench builds it)") }
        let root = (options.directory as NSString).appendingPathComponent("backup")
        try? FileManager.default.removeItem(atPath: root)
        let source = (root as NSString).appendingPathComponent("source")
        try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: true)
        let sourceLog = (source as NSString).appendingPathComponent("callplane.sqlite")
        let fillStart = ContinuousClock.now
        let log = try EventLog.open(path: sourceLog, integrityKey: LogIntegrityKey(secret: RealisticLog.key))
        try await RealisticLog.fill(log, events: options.events)
        await log.close()
        try write(Data((Data(RealisticLog.key).base64EncodedString() + "\n").utf8), to: (source as NSString).appendingPathComponent("secret.key"))
        let keyFile = (root as NSString).appendingPathComponent("backup.key")
        try write(Data(RealisticLog.key.map { String(format: "%02x", $0) }.joined().utf8), to: keyFile)
        let logBytes = try FileManager.default.attributesOfItem(atPath: sourceLog)[.size] as? Int ?? 0
        print(String(format: "filled %d events (%.0f MB) in %.1f s", options.events, Double(logBytes) / 1e6, (ContinuousClock.now - fillStart).seconds))

        var backup: [Double] = [], restore: [Double] = [], copy: [Double] = []
        var backupMemory: [Double] = [], restoreMemory: [Double] = [], copyMemory: [Double] = []
        var archiveBytes = 0
        for run in 1...options.runs {
            let archive = (root as NSString).appendingPathComponent("run\(run).zip")
            let made = try measure([binary, "backup", "create", "--data-dir", source, "-o", archive, "--key-file", keyFile], log: root, run: run, "create")
            archiveBytes = try FileManager.default.attributesOfItem(atPath: archive)[.size] as? Int ?? 0
            let target = (root as NSString).appendingPathComponent("restored\(run)")
            try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
            let restored = try measure([binary, "backup", "restore", archive, "--data-dir", target, "--key-file", keyFile], log: root, run: run, "restore")
            let copied = try pageCopy(from: sourceLog, into: (root as NSString).appendingPathComponent("copy\(run).sqlite"), run: run)
            backup.append(Double(options.events) / made.seconds)
            restore.append(Double(options.events) / restored.seconds)
            copy.append(Double(options.events) / copied.seconds)
            backupMemory.append(Double(made.peakBytes) / 1e6)
            restoreMemory.append(Double(restored.peakBytes) / 1e6)
            copyMemory.append(Double(copied.peakBytes) / 1e6)
            print(
                String(
                    format:
                        "run %d: backup %.2f s (%.0f MB/s of log, archive %.0f MB, peak %.0f MB); restore %.2f s (peak %.0f MB); sqlite3 copy %.2f s (peak %.0f MB)",
                    run, made.seconds, Double(logBytes) / 1e6 / made.seconds, Double(archiveBytes) / 1e6, backupMemory.last!, restored.seconds,
                    restoreMemory.last!, copied.seconds, copyMemory.last!))
            for path in [archive, target, (root as NSString).appendingPathComponent("copy\(run).sqlite")] { try? FileManager.default.removeItem(atPath: path) }
        }
        return [
            BenchFigure(
                name: "restore of \(options.events) events (decrypt, write the log, chain check, replay to the state hash, swap)", runs: restore,
                unit: "events/s", baselineName: "sqlite3 copying the same log (.backup)", baselineRuns: copy, target: .valueAtLeast(500_000)),
            BenchFigure(
                name: "restore peak memory", runs: restoreMemory, unit: "MB", baselineName: "sqlite3 copy peak memory", baselineRuns: copyMemory,
                smallerIsBetter: true, target: .valueAtMost(200)),
            BenchFigure(
                name: "backup of \(options.events) events (copy of the log, chain check, replay, encrypt, zip)", runs: backup, unit: "events/s",
                baselineName: "sqlite3 copying the same log (.backup)", baselineRuns: copy, target: .informational),
            BenchFigure(
                name: "backup peak memory", runs: backupMemory, unit: "MB", baselineName: "sqlite3 copy peak memory", baselineRuns: copyMemory,
                smallerIsBetter: true, target: .informational),
        ]
    }

    /// Runs a command to its end: its wall time and peak memory; throws on a failure.
    ///
    /// The peak comes from GNU `time` run around the command: `wait4`'s `ru_maxrss` of a process
    /// we start with `posix_spawn` (a vfork) keeps this bench's own resident size at the moment
    /// of the spawn, about 90 MB once the log is filled, which would hide any smaller peak.
    /// `time` forks the command from its own small process. Without it (`ops/install-deps`
    /// installs it) the figure falls back to `ru_maxrss`, an upper bound.
    private func measure(_ arguments: [String], log directory: String, run: Int, _ name: String) throws -> (seconds: Double, peakBytes: Int) {
        let errors = (directory as NSString).appendingPathComponent("\(name)\(run).log")
        let peakFile = (directory as NSString).appendingPathComponent("\(name)\(run).peak")
        let timed = FileManager.default.isExecutableFile(atPath: Self.gnuTime)
        let start = ContinuousClock.now
        let pid = try Spawn.start(
            timed ? [Self.gnuTime, "-f", "%M", "-o", peakFile] + arguments : arguments, environment: ProcessInfo.processInfo.environment,
            error: .file(errors))
        let (status, spawnPeak) = Spawn.waitMeasuringMemory(pid)
        let seconds = (ContinuousClock.now - start).seconds
        guard status == 0 else {
            let text = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
            throw BenchError("\(arguments.prefix(3).joined(separator: " ")) failed (status \(status.map(String.init) ?? "signal")): \(text)")
        }
        guard timed else { return (seconds, spawnPeak) }
        let text = (try? String(contentsOfFile: peakFile, encoding: .utf8)) ?? ""
        guard let kilobytes = text.split(whereSeparator: \.isNewline).last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else {
            throw BenchError("\(Self.gnuTime) wrote no peak for \(arguments[0]): \(text)")
        }
        return (seconds, kilobytes * 1_024)
    }

    private static let gnuTime = "/usr/bin/time"

    /// The baseline: `sqlite3` copies the log into a new file with SQLite's online backup.
    private func pageCopy(from source: String, into destination: String, run: Int) throws -> (seconds: Double, peakBytes: Int) {
        try? FileManager.default.removeItem(atPath: destination)
        return try measure(
            ["/usr/bin/sqlite3", source, ".backup '\(destination)'"], log: (destination as NSString).deletingLastPathComponent, run: run, "sqlite3")
    }

    private func write(_ data: Data, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw BenchError("could not write \(path)")
        }
    }
}
