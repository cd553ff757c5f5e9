import ControlPlane
import Domain
import EventLog
import Foundation
import Logging
import Testing

@Suite struct FactAppenderTests {
    static let origin = CommandOrigin(actor: "tester", source: "127.0.0.1/test")
    static let family = ActiveRegistrations.family

    static func fact(_ index: Int) -> ProposedEvent {
        let aor = "sip:\(100 + index % 300)@callplane.test"
        let fact: RegistrationFact =
            index % 4 == 3
            ? .removed(addressOfRecord: aor, contact: "sip:\(100 + index % 300)@10.0.0.\((index - 1) % 250):5060", reason: "expired")
            : .bound(
                RegistrationBinding(addressOfRecord: aor, contact: "sip:\(100 + index % 300)@10.0.0.\(index % 250):5060", expiresAt: Int64(index) * 1_000_000))
        return ProposedEvent(stream: fact.stream, type: fact.type, actor: "registrar", source: "10.0.0.1/sip", payload: fact.payload)
    }

    @Test("10,000 facts beside 200 commands: the configuration is what the commands alone make, and the facts' projection survives a restart")
    func factsStayOutOfTheConfiguration() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("callplane-facts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("callplane.sqlite").path
        let sealing = try SecretBox(key: SecretBox.generateKey())

        let key = LogIntegrityKey(secret: SecretBox.generateKey())
        var log = try EventLog.open(path: path, integrityKey: key)
        let pipeline = CommandPipeline(log: log, state: SystemState(), sealing: sealing)
        let appender = FactAppender(log: log, families: [Self.family])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for appenderIndex in 0..<16 {
                group.addTask {
                    for index in stride(from: appenderIndex, to: 10_000, by: 16) {
                        _ = try await appender.append([Self.fact(index)])
                    }
                }
            }
            group.addTask {
                for number in 0..<200 {
                    _ = try await pipeline.execute(.createUser(User(number: String(2000 + number), name: "User \(number)")), origin: Self.origin)
                }
            }
            try await group.waitForAll()
        }
        #expect(log.head == 10_200)

        // The configuration folded from the whole log equals the one folded from the commands'
        // events alone, and has one stream version per user, none per fact.
        var everything = SystemState()
        try log.scan(after: 0) { row in try everything.apply(row) }
        var commandsOnly = SystemState()
        for event in try log.read(after: 0, limit: 20_000, filter: EventFilter(typePrefix: "user.")) {
            if let decoded = try DomainEvent.decode(type: event.type, schema: event.schema, payload: event.payload) {
                commandsOnly.apply(decoded)
            }
        }
        #expect(everything == commandsOnly)
        #expect(everything.stateHash() == commandsOnly.stateHash())
        #expect(everything.users.count == 200)
        #expect(everything.streamVersions.count == 200)
        #expect(
            try DomainEvent.decode(type: RegistrationFact.boundType, schema: 1, payload: Self.fact(0).payload) == nil,
            "a fact type must be unknown to the configuration's dispatch")

        // The facts' own fold, built live, from its snapshot, and by a full replay: all equal.
        var expected = ActiveRegistrations()
        for index in 0..<10_000 {
            let fact = Self.fact(index)
            expected.apply(try #require(try RegistrationFact.decode(type: fact.type, payload: fact.payload)))
        }
        let projection = try FactProjection<ActiveRegistrations>(log: log, snapshotInterval: 1_000, logger: Logger(label: "test"))
        #expect(projection.current.fold == expected)
        #expect(projection.current.fold.boundTotal == 7_500)
        await projection.saveSnapshot()
        await log.close()

        log = try EventLog.open(path: path, integrityKey: key)
        let fromSnapshot = try FactProjection<ActiveRegistrations>(log: log, snapshotInterval: 1_000, logger: Logger(label: "test"))
        let replayed = try FactProjection<ActiveRegistrations>(log: log, snapshotInterval: 1_000, ignoreSnapshots: true, logger: Logger(label: "test"))
        #expect(try log.latestSnapshot(kind: ActiveRegistrations.snapshotKind, schema: ActiveRegistrations.snapshotSchema)?.position == 10_200)
        #expect(fromSnapshot.current.fold == expected)
        #expect(replayed.current.fold == expected)
        #expect(fromSnapshot.position == 10_200)
        await log.close()
    }

    @Test("a configuration event, or a fact of a family not registered, is refused before the log")
    func onlyRegisteredFamiliesMayBeAppended() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("callplane-facts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = try EventLog.open(path: directory.appendingPathComponent("callplane.sqlite").path)
        let appender = FactAppender(log: log, families: [Self.family])
        let user = DomainEvent.userCreated(User(number: "101", name: "Ada")).proposed(actor: "tester", source: "test")
        #expect(throws: FactRefusal.notAFact(type: "user.created", stream: "user/101")) { _ = try appender.submit([user]) }
        let call = ProposedEvent(stream: "call/1", type: "call.started", actor: "b2bua", source: "test", payload: "{}")
        #expect(throws: FactRefusal.self) { _ = try appender.submit([Self.fact(0), call]) }
        var stray = Self.fact(0)
        stray.stream = "user/101"
        #expect(throws: FactRefusal.self) { _ = try appender.submit([stray]) }
        #expect(throws: FactRefusal.empty) { _ = try appender.submit([]) }
        #expect(log.head == 0)
        await log.close()
    }

    @Test("the live projection folds facts as they are appended")
    func theLiveProjectionFollowsTheLog() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("callplane-facts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = try EventLog.open(path: directory.appendingPathComponent("callplane.sqlite").path)
        let projection = try FactProjection<ActiveRegistrations>(log: log, snapshotInterval: 0, logger: Logger(label: "test"))
        let following = Task { await projection.run() }
        let appender = FactAppender(log: log, families: [Self.family])
        for index in 0..<3 { _ = try await appender.append([Self.fact(index)]) }
        for _ in 0..<500 where projection.position < 3 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(projection.position == 3)
        #expect(projection.current.fold.count == 3)
        #expect(projection.current.fold.bindings["sip:101@callplane.test"]?["sip:101@10.0.0.1:5060"]?.expiresAt == 1_000_000)
        following.cancel()
        await following.value
        await log.close()
    }

    /// A log without facts — every installation before the call core — still gets a snapshot of
    /// the (empty) fold at the head when the projection stops, so the next start reads nothing
    /// instead of the whole log.
    @Test("a projection that saw no fact still leaves a snapshot at the head on the way out")
    func aLogWithoutFactsIsSnapshottedToo() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("callplane-facts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = try EventLog.open(
            path: directory.appendingPathComponent("callplane.sqlite").path, integrityKey: LogIntegrityKey(secret: SecretBox.generateKey()))
        let users = (0..<250).map { DomainEvent.userCreated(User(number: String(1_000 + $0), name: "User \($0)")).proposed(actor: "tester", source: "test") }
        _ = try await log.append(AppendRequest(events: users))
        let kind = ActiveRegistrations.snapshotKind, schema = ActiveRegistrations.snapshotSchema

        let projection = try FactProjection<ActiveRegistrations>(log: log, snapshotInterval: 1_000, logger: Logger(label: "test"))
        #expect(projection.position == 250)
        #expect(try log.latestSnapshot(kind: kind, schema: schema) == nil)
        let following = Task { await projection.run() }
        following.cancel()
        await following.value
        #expect(try log.latestSnapshot(kind: kind, schema: schema)?.position == 250, "no snapshot, so the next start would read all 250 events")

        let restarted = try FactProjection<ActiveRegistrations>(log: log, snapshotInterval: 1_000, logger: Logger(label: "test"))
        #expect(restarted.position == 250)
        #expect(restarted.current.fold == ActiveRegistrations())
        // Nothing moved since: stopping again stores nothing new.
        let again = Task { await restarted.run() }
        again.cancel()
        await again.value
        #expect(try log.latestSnapshot(kind: kind, schema: schema)?.position == 250)
        await log.close()
    }
}
