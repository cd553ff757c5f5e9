import Connectors
import ControlPlane
import Domain
import EventLog
import EventMessages
import Foundation
import Logging

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
                baselineName: "raw durable appends of the same payloads", baselineRuns: rawThroughput),
            BenchFigure(
                name: "append → syslog receipt p50 at 1,000 msg/s", runs: p50, unit: "ms",
                baselineName: "durable append p50", baselineRuns: rawP50, smallerIsBetter: true),
            BenchFigure(
                name: "append → syslog receipt p99 at 1,000 msg/s", runs: p99, unit: "ms",
                baselineName: "durable append p99", baselineRuns: rawP99, smallerIsBetter: true),
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
            _ = try await pipeline.execute(.setEventFilters(table: table, filters: custom), origin: origin)
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
        while sinks.contains(where: { $0.count < expected }) {
            try await Task.sleep(for: .milliseconds(2))
        }
        let elapsed = ContinuousClock.now - started
        let sustained = Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)

        // Latency at 1,000 messages/s for 5 s: every table on `every` for one type, so each
        // occurrence is delivered.
        _ = try await pipeline.execute(.setEventFilters(table: 3, filters: ["test_event_message": .every]), origin: origin)
        sinks.forEach { $0.record(true) }
        let paced = 5_000
        let before = sinks.map(\.count)
        let pacing = ContinuousClock.now
        for index in 0..<paced {
            try await ContinuousClock().sleep(until: pacing + .microseconds(index * 1_000))
            Task { _ = try? await pipeline.execute(.raiseEventMessage(EventMessageRequest(type: "test_event_message", at: clock.now())), origin: origin) }
        }
        while zip(sinks, before).contains(where: { $0.count < $1 + paced }) {
            try await Task.sleep(for: .milliseconds(2))
        }
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
            for index in 0..<5_000 {
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
