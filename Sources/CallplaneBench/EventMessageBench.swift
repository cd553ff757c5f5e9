import Connectors
import ControlPlane
import Domain
import EventLog
import EventMessages
import Foundation
import Logging
import Synchronization

/// The event-message figures of issue 3: sustained messages/s through decide, the eight custom
/// event tables, the log and the delivery engine to three TCP syslog collectors; and append-to-
/// receipt latency at 1,000 messages/s. Baselines from the same run: raw durable appends of the
/// same payloads (no routing, no delivery) at the same concurrency, and their append latency.
struct EventMessageBench {
    let options: CallplaneBench.Options
    static let types: [(String, [String: String])] = [
        ("sip_account_not_available", ["provider": "carrier", "account": "4711", "cause": "0"]),
        ("malfunction", ["errorId": "17"]),
        ("too_few_voip_channels", ["availableChannels": "0"]),
        ("ip_phone_connection_lost", ["userNumber": "201", "terminalId": "7"]),
    ]

    func run() async throws -> [BenchFigure] {
        var throughput: [Double] = [], rawThroughput: [Double] = []
        var p50: [Double] = [], p99: [Double] = [], rawP50: [Double] = [], rawP99: [Double] = []
        for run in 1...options.runs {
            let (sustained, latencies) = try await measureRouter(run: run)
            let (raw, rawLatencies) = try await measureRawAppends(run: run)
            throughput.append(sustained)
            rawThroughput.append(raw)
            // Measured in microseconds, shown in milliseconds.
            let milliseconds = latencies.map { Double($0) / 1_000 }, rawMilliseconds = rawLatencies.map { Double($0) / 1_000 }
            p50.append(percentile(milliseconds, 0.50))
            p99.append(percentile(milliseconds, 0.99))
            rawP50.append(percentile(rawMilliseconds, 0.50))
            rawP99.append(percentile(rawMilliseconds, 0.99))
            print(
                String(
                    format:
                        "event messages run %d: %.0f msg/s routed and delivered (raw appends %.0f/s); at 1,000/s p50 %.2f ms p99 %.2f ms (raw append p50 %.2f ms p99 %.2f ms)",
                    run, sustained, raw, p50.last!, p99.last!, rawP50.last!, rawP99.last!))
        }
        return [
            BenchFigure(
                name: "event messages, 8 custom tables, 3 syslog destinations", runs: throughput, unit: "msg/s",
                baselineName: "raw durable appends of the same payloads", baselineRuns: rawThroughput, target: .valueAtLeast(10_000)),
            BenchFigure(
                name: "append → syslog receipt p50 at 1,000 msg/s", runs: p50, unit: "ms",
                baselineName: "durable append p50", baselineRuns: rawP50, smallerIsBetter: true, target: .informational),
            BenchFigure(
                name: "append → syslog receipt p99 at 1,000 msg/s", runs: p99, unit: "ms",
                baselineName: "durable append p99", baselineRuns: rawP99, smallerIsBetter: true, target: .valueAtMost(50)),
        ]
    }

    private func measureRouter(run: Int) async throws -> (Double, [Int64]) {
        let path = try freshDatabase(options, "eventmessages-\(run)")
        let log = try EventLog.open(path: path)
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let projection = try StateProjection(log: log, snapshotInterval: 0, logger: logger)
        let following = Task { await projection.run() }
        let sealing = try SecretBox(key: SecretBox.generateKey())
        let pipeline = CommandPipeline(log: log, state: projection.current.state, sealing: sealing)
        let origin = CommandOrigin(actor: "bench", source: "bench")
        let sinks = try (1...3).map { _ in try SyslogSink().start() }
        for (index, sink) in sinks.enumerated() {
            _ = try await pipeline.execute(
                .configureDestination(
                    id: "local_\(index + 1)",
                    SignalDestinationChange(
                        enabled: true, settings: SyslogSettings(transport: .tcp, host: "127.0.0.1", port: sink.port))), origin: origin)
        }
        // Every table custom for every type: frequency 2 within 1 hour, so every second occurrence
        // of a type passes each table and the counters are busy.
        let custom = Dictionary(uniqueKeysWithValues: EventCatalogue.all.map { ($0.key, EventTableFilter.custom(frequency: 2, periodHours: 1)) })
        for table in 1...8 {
            // SRM's table takes no row for a normal type (manual §6.3.1.3; issue 13, point 3).
            let filters =
                table == EventTableDefaults.srmTable
                ? custom.filter { EventCatalogue.type(key: $0.key).map { $0.severity.highest >= .serious } ?? false } : custom
            _ = try await pipeline.execute(.setEventFilters(table: table, filters: filters), origin: origin)
        }
        let outcome = try await pipeline.execute(.switchDestinationKind(.systemPhone, on: false), origin: origin)
        await projection.waitUntil(position: outcome.position)
        let clock = SystemWallClock()
        let engine = try DeliveryEngine(
            log: log, registry: ReactorRegistry(log: log), projection: projection, pipeline: pipeline, clock: clock, adapterKinds: [.local],
            makeAdapter: { destination in SyslogConnector(settings: destination.settings(SyslogSettings.self)!, hostname: "bench") },
            logger: logger)
        let delivering = Task { await engine.run() }

        // Sustained: `raisers` concurrent sources for `count` messages; the figure counts until the collectors have
        // every forwarded copy.
        let count = options.eventMessages
        let started = ContinuousClock.now
        try await Self.spread(count, over: options.raisers) { index in
            let (type, parameters) = Self.types[index % Self.types.count]
            _ = try await pipeline.execute(.raiseEventMessage(EventMessageRequest(type: type, parameters: parameters, at: clock.now())), origin: origin)
        }
        let expected = count / 2
        try await Self.await("\(expected) messages at each collector", sinks: sinks, counts: [expected, expected, expected], failed: FailedRaises())
        let elapsed = ContinuousClock.now - started
        let sustained = Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)

        // Latency at 1,000 messages/s for 5 s: every table on `every` for one type, so each
        // occurrence is delivered.
        _ = try await pipeline.execute(.setEventFilters(table: 3, filters: ["test_event_message": .every]), origin: origin)
        sinks.forEach { $0.record(true) }
        let paced = options.pacedMessages
        let before = sinks.map(\.count)
        let pacing = ContinuousClock.now
        let failed = FailedRaises()
        for index in 0..<paced {
            try await ContinuousClock().sleep(until: pacing + .microseconds(index * 1_000))
            // Unawaited, so the pacing holds; a failed raise is counted, and it fails the run.
            Task {
                do {
                    _ = try await pipeline.execute(.raiseEventMessage(EventMessageRequest(type: "test_event_message", at: clock.now())), origin: origin)
                } catch {
                    failed.count.add(1, ordering: .relaxed)
                }
            }
        }
        try await Self.await("\(paced) paced messages at each collector", sinks: sinks, counts: before.map { $0 + paced }, failed: failed)
        let latencies = sinks.flatMap(\.latencies)
        delivering.cancel()
        await delivering.value
        following.cancel()
        await log.close()
        return (sustained, latencies)
    }

    /// The same occurrences appended durably by the same number of writers, with no decision,
    /// routing or delivery; then their append latency at 1,000/s.
    private func measureRawAppends(run: Int) async throws -> (Double, [Int64]) {
        let path = try freshDatabase(options, "eventmessages-raw-\(run)")
        let log = try EventLog.open(path: path)
        let count = options.eventMessages
        let payload = DomainEvent.eventMessageOccurred(
            EventMessage(
                number: 1, type: "malfunction", code: 73, severity: .serious, polarity: .none, parameters: ["errorId": "17"],
                node: 1, at: 0, simulated: false, tables: [3, 4], destinations: ["local_1", "local_2", "local_3", "event_log"]))
        let started = ContinuousClock.now
        try await Self.spread(count, over: options.raisers) { _ in
            _ = try await log.append(AppendRequest(events: [payload.proposed(actor: "bench", source: "bench")]))
        }
        let elapsed = ContinuousClock.now - started
        let throughput = Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        let clock = SystemWallClock()
        let latencies = try await withThrowingTaskGroup(of: Int64.self) { group in
            let pacing = ContinuousClock.now
            for index in 0..<options.pacedMessages {
                try await ContinuousClock().sleep(until: pacing + .microseconds(index * 1_000))
                group.addTask {
                    let start = clock.now()
                    _ = try await log.append(AppendRequest(events: [payload.proposed(actor: "bench", source: "bench")]))
                    return clock.now() - start
                }
            }
            return try await group.reduce(into: [Int64]()) { $0.append($1) }
        }
        await log.close()
        return (throughput, latencies)
    }

    /// Waits until each collector holds its count — at most 60 s, and not at all once a raise
    /// has failed (its message will never come): either way the run fails saying how many
    /// arrived, instead of waiting for ever (issue 14, point 4).
    private static func await(_ what: String, sinks: [SyslogSink], counts: [Int], failed: FailedRaises) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while zip(sinks, counts).contains(where: { $0.count < $1 }) {
            let failures = failed.count.load(ordering: .relaxed)
            if failures > 0 || ContinuousClock.now > deadline {
                throw BenchError(
                    "waiting for \(what): collectors hold \(sinks.map(\.count)) of \(counts), \(failures) raise(s) failed"
                        + (failures > 0 ? "" : ", after 60 s"))
            }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    /// Raises that failed while the pacing went on without awaiting them.
    final class FailedRaises: Sendable {
        let count = Atomic<Int>(0)
    }

    /// Runs `body` for indexes 0..<count on `raisers` concurrent tasks, each awaiting its own
    /// call before the next, as independent sources of event messages do.
    private static func spread(_ count: Int, over raisers: Int, _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for raiser in 0..<raisers {
                group.addTask {
                    var index = raiser
                    while index < count {
                        try await body(index)
                        index += raisers
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}
