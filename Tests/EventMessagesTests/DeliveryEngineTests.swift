import ControlPlane
import Domain
import EventLog
import EventMessages
import Foundation
import Logging
import Synchronization
import Testing

/// The delivery engine on virtual time: batching, the hour-long outage, the switch to 4 hours
/// and 2 attempts, recovery, and "never to itself".
@Suite struct DeliveryEngineTests {
    static let minute: Int64 = 60_000_000

    final class Harness: Sendable {
        let directory: URL
        let clock = VirtualWallClock()
        let log: EventLog
        let projection: StateProjection
        let pipeline: CommandPipeline
        let engine: DeliveryEngine
        let registry: ReactorRegistry
        let external = RecordingAdapter()
        let local = RecordingAdapter()
        let running: Task<Void, Never>
        let following: Task<Void, Never>

        /// While set, the adapter factory throws it: the factory's own failure (a certificate
        /// file gone, a secret that no longer opens).
        let factoryFailure = FactoryFailure()

        final class FactoryFailure: Sendable {
            let reason = Mutex<String?>(nil)
        }

        /// - Parameters:
        ///   - reopening: a directory a stopped harness left (``stop(keeping:)``): a restart.
        ///   - localFailure: how the local peer fails from the start (before the first round,
        ///     which a restart makes at once).
        init(reopening: URL? = nil, localFailure: DeliveryFailure? = nil) throws {
            local.fail(with: localFailure)
            directory = reopening ?? FileManager.default.temporaryDirectory.appendingPathComponent("callplane-delivery-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            log = try EventLog.open(path: directory.appendingPathComponent("callplane.sqlite").path, clock: clock)
            projection = try StateProjection(log: log, snapshotInterval: 0, logger: Logger(label: "test"))
            let projection = projection
            following = Task { await projection.run() }
            pipeline = CommandPipeline(log: log, state: projection.current.state, sealing: try SecretBox(key: SecretBox.generateKey()))
            let adapters = [("external", external), ("local_1", local)]
            let byID = Dictionary(uniqueKeysWithValues: adapters.map { ($0.0, $0.1 as any SignalDestinationAdapter) })
            // The outage below logs a warning per round; the test reads the results instead.
            var quiet = Logger(label: "test")
            quiet.logLevel = .error
            registry = ReactorRegistry(log: log)
            engine = try DeliveryEngine(
                log: log, registry: registry, projection: projection, pipeline: pipeline, clock: clock, adapterKinds: [.external, .local],
                makeAdapter: { [factoryFailure] destination in
                    if let reason = factoryFailure.reason.withLock({ $0 }) { throw DeliveryFailure(.notDefined, reason) }
                    return byID[destination.id]!
                }, logger: quiet)
            let engine = engine
            running = Task { await engine.run() }
        }

        func execute(_ command: Command) async throws {
            let outcome = try await pipeline.execute(command, origin: CommandOrigin(actor: "tester", source: "test"))
            await projection.waitUntil(position: outcome.position)
        }

        func raise(_ type: String, _ parameters: [String: String] = [:]) async throws {
            try await execute(.raiseEventMessage(EventMessageRequest(type: type, parameters: parameters, at: clock.now())))
        }

        /// Moves virtual time once the external outbox, the clock's only sleeper here, has gone to
        /// sleep: advancing earlier would let it take its next deadline from the advanced time and
        /// wait for a moment the test never reaches (what made this test flaky on a loaded CI).
        func advance(minutes: Int64) async {
            await DeliveryEngineTests.eventually("the outbox sleeps on the clock") { clock.sleeperCount == 1 }
            clock.advance(byMicroseconds: minutes * DeliveryEngineTests.minute)
        }

        func status(_ id: String) -> DestinationDeliveryStatus? {
            let (state, position) = projection.current
            return engine.statuses(state: state, position: position).first { $0.destination == id }
        }

        /// Stops the engine and closes the log; `keeping` leaves the directory for a restart.
        func stop(keeping: Bool = false) async {
            running.cancel()
            following.cancel()
            await running.value
            await following.value
            await log.close()
            if !keeping { try? FileManager.default.removeItem(at: directory) }
        }
    }

    /// Polls (real time, at most 30 s, for a loaded CI machine) until `condition` holds.
    static func eventually(_ what: Comment, _ condition: () -> Bool) async {
        for _ in 0..<3_000 {
            if condition() { return }
            try? await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("timed out waiting until \(what)")
    }

    @Test("an hour-long outage: nothing lost, 4 h and 2 attempts, reported to the others only, recovery delivers the backlog")
    func outageAndRecovery() async throws {
        let harness = try Harness()
        try await harness.execute(
            .configureDestination(
                id: "external",
                SignalDestinationChange(enabled: true, settings: WebhookDraft(primaryURL: "https://127.0.0.1:1/hook", secret: "0123456789abcdef"))))
        try await harness.execute(
            .configureDestination(id: "local_1", SignalDestinationChange(enabled: true, settings: SyslogSettings(transport: .udp, host: "127.0.0.1", port: 1))))

        // Batching: the local destination gets each message at once, the external one after 5 minutes.
        let raisedAt = harness.clock.now()
        for _ in 0..<3 { try await harness.raise("test_event_message") }
        await Self.eventually("local has 3") { harness.local.delivered.count == 3 }
        await harness.advance(minutes: 4)
        // Asleep until the batch's moment: nothing can go out before it (issue 14, point 8).
        await Self.eventually("the outbox sleeps again") { harness.clock.sleeperCount == 1 }
        #expect(harness.clock.sleeperDeadlines == [raisedAt + 5 * Self.minute], "held for 5 minutes")
        #expect(harness.external.delivered.isEmpty)
        await harness.advance(minutes: 1)
        await Self.eventually("external has its batch") { harness.external.batches.count == 1 }
        #expect(harness.external.batches.first?.count == 3, "sent together")

        // The external destination goes down.
        harness.external.fail(with: DeliveryFailure(.notAvailable, "connection refused"))
        try await harness.raise("test_event_message")
        try await harness.raise("fan_failure", ["fanStatus": "0"])
        await harness.advance(minutes: 5)
        await Self.eventually("the outage is reported") { harness.local.delivered.contains { $0.message.type == "external_destination_not_reachable" } }
        #expect(harness.external.attempts == 1 + 5, "one good round, then a round of 5 attempts")
        let outage = try #require(harness.status("external"))
        #expect(!outage.reachable && outage.retryIntervalSeconds == 300 && outage.attemptsPerRound == 5)
        #expect(harness.projection.current.state.eventMessages.status == .critical)

        // Rounds every 5 minutes for an hour; then 4 hours apart with 2 attempts.
        var attemptsBefore = harness.external.attempts
        for _ in 0..<12 {
            await harness.advance(minutes: 5)
            await Self.eventually("another round") { harness.external.attempts > attemptsBefore }
            await Self.eventually("the round is over") { harness.clock.sleeperCount == 1 }
            attemptsBefore = harness.external.attempts
        }
        let long = try #require(harness.status("external"))
        #expect(long.retryIntervalSeconds == 4 * 3_600 && long.attemptsPerRound == 2)
        let lastRound = harness.clock.now()
        #expect(harness.clock.sleeperDeadlines == [lastRound + 4 * 60 * Self.minute], "no round 5 minutes later any more")
        await harness.advance(minutes: 5)
        await Self.eventually("the outbox sleeps again") { harness.clock.sleeperCount == 1 }
        #expect(harness.clock.sleeperDeadlines == [lastRound + 4 * 60 * Self.minute])
        #expect(harness.external.attempts == attemptsBefore)
        await harness.advance(minutes: 4 * 60 - 5)
        await Self.eventually("a 2-attempt round") { harness.external.attempts == attemptsBefore + 2 }

        // Recovery: the backlog arrives in order and the positive partner goes to the others.
        harness.external.fail(with: nil)
        await harness.advance(minutes: 4 * 60)
        await Self.eventually("backlog delivered") { harness.external.delivered.count == 5 }
        await Self.eventually("recovery reported") { harness.local.delivered.contains { $0.message.type == "external_destination_reachable" } }
        let types = harness.external.delivered.map(\.message.type)
        #expect(types == ["test_event_message", "test_event_message", "test_event_message", "test_event_message", "fan_failure"])
        #expect(!types.contains { $0.hasPrefix("external_destination") }, "never told about itself")
        let positions = harness.external.delivered.map(\.position)
        #expect(positions == positions.sorted())
        let recovered = try #require(harness.status("external"))
        #expect(recovered.reachable && recovered.retryIntervalSeconds == 300 && recovered.attemptsPerRound == 5)
        #expect(!harness.projection.current.state.eventMessages.activeMessages.contains { $0.type == "external_destination_not_reachable" })
        #expect(try harness.log.cursor(of: "destination/external") == positions.last)
        await harness.stop()
    }

    @Test("a kind without an adapter is not reachable and says why; the event log has delivered all it folded (issue 13, points 5 and 6)")
    func statusesTellWhatDelivers() async throws {
        let harness = try Harness()
        let email = try #require(harness.status("email_1"))
        #expect(!email.hasAdapter && !email.reachable && email.pending == nil)
        #expect(email.lastError?.contains("no adapter for email destinations") == true)

        #expect(harness.status("event_log")?.lastSuccessAt == nil, "nothing arrived yet")
        try await harness.raise("fan_failure", ["fanStatus": "0"])
        await harness.projection.waitUntil(position: harness.log.head)
        let eventLog = try #require(harness.status("event_log"))
        let newest = try #require(harness.projection.current.state.eventMessages.eventLog.last)
        #expect(eventLog.hasAdapter && eventLog.reachable && eventLog.pending == 0 && eventLog.lastError == nil)
        #expect(eventLog.deliveredThrough == harness.log.head)
        #expect(eventLog.lastSuccessAt == newest.at)
        await harness.stop()
    }

    @Test("moving every cursor to the head (a restore) drops what waits, and only later messages are delivered")
    func movingAllCursorsSkipsTheBacklog() async throws {
        let harness = try Harness()
        try await harness.execute(
            .configureDestination(
                id: "external",
                SignalDestinationChange(enabled: true, settings: WebhookDraft(primaryURL: "https://127.0.0.1:1/hook", secret: "0123456789abcdef"))))
        for _ in 0..<3 { try await harness.raise("test_event_message") }
        await Self.eventually("the external outbox holds 3") { harness.status("external")?.pending == 3 }
        let names = harness.registry.statuses().map(\.name)
        #expect(names.contains("destination/external") && names.contains("destination/local_1"))

        let head = harness.log.head
        let moved = try await harness.registry.moveAll(to: head)
        #expect(moved.contains("destination/external"))
        #expect(harness.status("external")?.pending == 0)
        #expect(harness.status("external")?.deliveredThrough == head)
        #expect(try harness.log.cursor(of: "destination/external") == head)

        try await harness.raise("fan_failure", ["fanStatus": "0"])
        await Self.eventually("the new message waits") { harness.status("external")?.pending == 1 }
        await harness.advance(minutes: 5)
        await Self.eventually("one batch delivered") { harness.external.batches.count == 1 }
        #expect(harness.external.delivered.map(\.message.type) == ["fan_failure"], "nothing from before the move")
        await harness.stop()
    }
}
