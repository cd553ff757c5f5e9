import Domain
import EventLog
import EventMessages
import Testing

/// The delivery engine in the situations an administrator meets (issue 14, point 7): a restart
/// in the middle of an outage, a backlog larger than one batch, settings removed while messages
/// wait, and an adapter that cannot be made. Virtual time; the peers are recording adapters
/// (``RecordingAdapter`` says why).
@Suite struct DeliveryEngineScenarioTests {
    typealias Harness = DeliveryEngineTests.Harness
    static let refused = DeliveryFailure(.notAvailable, "connection refused")
    static let notReachable = EventCatalogue.Key.internalDestinationNotReachable
    static let reachable = EventCatalogue.Key.internalDestinationReachable

    static func configureLocal(_ harness: Harness) async throws {
        try await harness.execute(
            .configureDestination(id: "local_1", SignalDestinationChange(enabled: true, settings: SyslogSettings(transport: .udp, host: "127.0.0.1", port: 1))))
    }

    /// Occurrences of `type` about local_1 in the event-message log.
    static func occurrences(_ type: String, _ harness: Harness) -> Int {
        harness.projection.current.state.eventMessages.eventLog.filter { $0.type == type && $0.parameters["destination"] == "local_1" }.count
    }

    /// Occurrences routed to `destination`, read from the log itself (the state's event-message
    /// log keeps only the newest 254).
    static func routed(to destination: String, _ harness: Harness) throws -> Int {
        var routed = 0, after: Int64 = 0
        while case let page = try harness.log.read(after: after, limit: 1_000, filter: EventFilter(typePrefix: "eventmessage.")), let last = page.last {
            for envelope in page {
                if case .eventMessageOccurred(let message)? = try DomainEvent.decode(type: envelope.type, schema: envelope.schema, payload: envelope.payload),
                    message.destinations.contains(destination)
                {
                    routed += 1
                }
            }
            after = last.position
        }
        return routed
    }

    static func eventually(_ what: Comment, _ condition: () -> Bool) async {
        await DeliveryEngineTests.eventually(what, condition)
    }

    @Test("a restart mid-outage keeps the outage: no second report, the first round at once, the hour from the real start")
    func restartMidOutage() async throws {
        let first = try Harness()
        try await Self.configureLocal(first)
        first.local.fail(with: Self.refused)
        try await first.raise("test_event_message")
        await Self.eventually("the outage is reported") { Self.occurrences(Self.notReachable, first) == 1 }
        let since = try #require(first.status("local_1")?.failingSince)
        await first.stop(keeping: true)

        let second = try Harness(reopening: first.directory, localFailure: Self.refused)
        await Self.eventually("a round right after the restart, with no time advanced") { second.local.attempts == 5 }
        await Self.eventually("the round is over") { second.clock.sleeperCount == 1 }
        #expect(second.status("local_1")?.failingSince == since, "the hour counts from the outage's start")
        #expect(second.status("local_1")?.pending == 1)
        #expect(Self.occurrences(Self.notReachable, second) == 1, "the outage was reported once, before the restart")

        second.local.fail(with: nil)
        await second.advance(minutes: 5)
        await Self.eventually("the waiting message is delivered") { second.local.delivered.count == 1 }
        #expect(second.local.delivered.map(\.message.type) == ["test_event_message"])
        await Self.eventually("the recovery is reported") { Self.occurrences(Self.reachable, second) == 1 }
        #expect(second.status("local_1")?.reachable == true)
        await second.stop()
    }

    @Test("a backlog larger than a batch goes out in batches of at most 500, in order, each message once")
    func backlogLargerThanABatch() async throws {
        let harness = try Harness()
        try await Self.configureLocal(harness)
        harness.local.fail(with: Self.refused)
        let count = 1_100
        // 16 sources at a time, as telephony raises them: the log's group commit keeps this short.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for source in 0..<16 {
                group.addTask {
                    for _ in stride(from: source, to: count, by: 16) { try await harness.raise("test_event_message") }
                }
            }
            try await group.waitForAll()
        }
        // The state's event-message log keeps the newest 254 only: the flood pushes the report out.
        await Self.eventually("the outage is reported") {
            harness.projection.current.state.eventMessages.activeMessages.contains { $0.type == Self.notReachable && $0.parameters["destination"] == "local_1" }
        }
        // The flood itself raises "too many event messages" (Tab. 24) for local_1 as well.
        let waiting = try Self.routed(to: "local_1", harness)
        #expect(waiting > count)
        await Self.eventually("every message waits") { harness.status("local_1")?.pending == waiting }

        harness.local.fail(with: nil)
        await harness.advance(minutes: 5)
        await Self.eventually("the backlog is delivered") { harness.local.delivered.count == waiting }
        let sizes = harness.local.batches.map(\.count)
        #expect(sizes.allSatisfy { $0 <= 500 } && sizes.count >= 3, "\(sizes)")
        let positions = harness.local.delivered.map(\.position)
        #expect(positions == positions.sorted() && Set(positions).count == waiting, "in order, none twice")
        #expect(harness.local.delivered.filter { $0.message.type == "test_event_message" }.count == count)
        // The cursor moves just after the peer took the last batch.
        await Self.eventually("the cursor is at the last delivered position") {
            (try? harness.log.cursor(of: "destination/local_1")) == positions.last && harness.status("local_1")?.pending == 0
        }
        await harness.stop()
    }

    @Test("settings removed while messages wait: nothing is tried and nothing dropped; new settings deliver them")
    func settingsRemovedWhileWaiting() async throws {
        let harness = try Harness()
        try await Self.configureLocal(harness)
        harness.local.fail(with: Self.refused)
        for _ in 0..<2 { try await harness.raise("test_event_message") }
        await Self.eventually("the outage is reported") { Self.occurrences(Self.notReachable, harness) == 1 }
        await Self.eventually("the round is over") { harness.clock.sleeperCount == 1 }

        try await harness.execute(.configureDestination(id: "local_1", SignalDestinationChange(enabled: false, settings: .some(nil))))
        let attempts = harness.local.attempts
        harness.local.fail(with: nil)
        for _ in 0..<3 { await harness.advance(minutes: 5) }
        await Self.eventually("the outbox sleeps again") { harness.clock.sleeperCount == 1 }
        #expect(harness.local.attempts == attempts, "no settings, no attempt")
        #expect(harness.local.delivered.isEmpty)
        #expect(harness.status("local_1")?.pending == 2, "the messages still wait")

        try await Self.configureLocal(harness)
        await harness.advance(minutes: 5)
        await Self.eventually("the waiting messages are delivered") { harness.local.delivered.count == 2 }
        await harness.stop()
    }

    @Test("an adapter that cannot be made fails the round and is tried again; the outbox does not stop")
    func adapterFactoryThrows() async throws {
        let harness = try Harness()
        harness.factoryFailure.reason.withLock { $0 = "the CA file /etc/callplane/ca.pem is gone" }
        try await Self.configureLocal(harness)
        try await harness.raise("test_event_message")
        await Self.eventually("the outage is reported") { Self.occurrences(Self.notReachable, harness) == 1 }
        let status = try #require(harness.status("local_1"))
        #expect(status.reachable == false && status.pending == 1)
        #expect(status.lastError?.contains("adapter could not be made") == true && status.lastError?.contains("ca.pem") == true, "\(status)")
        #expect(harness.local.attempts == 0)

        harness.factoryFailure.reason.withLock { $0 = nil }
        await harness.advance(minutes: 5)
        await Self.eventually("delivered on the next round") { harness.local.delivered.count == 1 }
        await Self.eventually("the recovery is reported") { Self.occurrences(Self.reachable, harness) == 1 }
        try await harness.raise("test_event_message")
        await Self.eventually("the outbox goes on") { harness.local.delivered.count == 2 }
        await harness.stop()
    }
}
