import CSQLite
import ControlPlane
import EventLog
import Foundation
import Logging
import Synchronization
import Testing

@Suite struct ReactorRunnerTests {
    /// Records what it was handed; fails the first `failures` offers of a position.
    final class RecordingReactor: Reactor {
        let name: String
        let filter: EventFilter
        private let seen = Mutex<[Int64]>([])
        private let remainingFailures: Mutex<Int>

        init(name: String, filter: EventFilter = .all, failures: Int = 0) {
            self.name = name
            self.filter = filter
            remainingFailures = Mutex(failures)
        }

        var positions: [Int64] { seen.withLock { $0 } }

        func react(to event: EventEnvelope) async throws {
            let fail = remainingFailures.withLock { remaining -> Bool in
                guard remaining > 0 else { return false }
                remaining -= 1
                return true
            }
            seen.withLock { $0.append(event.position) }
            if fail { throw TestFailure() }
        }
    }

    struct TestFailure: Error {}

    struct Fixture {
        let directory: URL
        var path: String { directory.appendingPathComponent("callplane.sqlite").path }

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("callplane-reactors-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }

        func open() throws -> EventLog { try EventLog.open(path: path) }

        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    static func append(_ log: EventLog, _ count: Int, type: String = "test.happened") async throws {
        for index in 0..<count {
            _ = try await log.append(
                AppendRequest(events: [
                    ProposedEvent(stream: "test/\(UUID().uuidString)", type: type, actor: "tester", source: "test", payload: "{\"i\":\(index)}")
                ]))
        }
    }

    static func eventually(_ what: Comment, _ condition: () -> Bool) async {
        for _ in 0..<1_000 {
            if condition() { return }
            try? await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("timed out waiting until \(what)")
    }

    @Test("each event once, in order; after a restart only the events after the cursor")
    func handsEachEventOnceAndResumesAfterItsCursor() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        var log = try fixture.open()
        try await Self.append(log, 5)
        let first = RecordingReactor(name: "test/recorder")
        var registry = ReactorRegistry(log: log)
        var running = Task { [log, registry] in try await ReactorRunner(log: log, registry: registry, logger: Logger(label: "test")).run(first) }
        await Self.eventually("the reactor handled 5") { first.positions.count == 5 }
        try await Self.append(log, 2)
        await Self.eventually("the reactor handled 7") { first.positions.count == 7 }
        #expect(first.positions == [1, 2, 3, 4, 5, 6, 7])
        await Self.eventually("the cursor is at 7") { (try? log.cursor(of: "test/recorder")) == 7 }
        running.cancel()
        _ = try? await running.value
        await log.close()

        log = try fixture.open()
        try await Self.append(log, 3)
        let second = RecordingReactor(name: "test/recorder")
        registry = ReactorRegistry(log: log)
        running = Task { [log, registry] in try await ReactorRunner(log: log, registry: registry, logger: Logger(label: "test")).run(second) }
        await Self.eventually("the restarted reactor handled 3") { second.positions.count == 3 }
        #expect(second.positions == [8, 9, 10])
        let status = try #require(registry.statuses().first)
        #expect(status.name == "test/recorder")
        #expect(status.kind == .reactor)
        #expect(status.lag == 0)
        running.cancel()
        _ = try? await running.value
        await log.close()
    }

    @Test("a reaction that throws is offered the same event again, and the cursor waits for it")
    func aFailedReactionIsRetriedBeforeTheCursorMoves() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let log = try fixture.open()
        try await Self.append(log, 2)
        let reactor = RecordingReactor(name: "test/flaky", failures: 1)
        let registry = ReactorRegistry(log: log)
        let running = Task { try await ReactorRunner(log: log, registry: registry, logger: Logger(label: "test")).run(reactor) }
        await Self.eventually("the first event was offered once") { reactor.positions == [1] }
        #expect(try log.cursor(of: "test/flaky") == 0)
        await Self.eventually("both were handled after the retry") { reactor.positions == [1, 1, 2] }
        await Self.eventually("the cursor is at 2") { (try? log.cursor(of: "test/flaky")) == 2 }
        running.cancel()
        _ = try? await running.value
        await log.close()
    }

    @Test("the registry lists reactors and projections with their lag, and moves every cursor to the head in one call")
    func moveAllSkipsEverythingUpToThePosition() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let log = try fixture.open()
        let registry = ReactorRegistry(log: log)
        // A reactor that only wants `wanted.` events, and a self-paced one that never acknowledges.
        let reactor = RecordingReactor(name: "test/wanted", filter: EventFilter(typePrefix: "wanted."))
        let paced = try registry.cursor(named: "destination/test")
        let skipped = Mutex<Int64?>(nil)
        paced.onMove { position in skipped.withLock { $0 = position } }
        try registry.registerProjection(named: "test-projection") { 4 }
        #expect(throws: ReactorError.self) { try registry.registerProjection(named: "test-projection") { 0 } }
        #expect(throws: ReactorError.self) { _ = try registry.cursor(named: "destination/test") }

        try await Self.append(log, 6, type: "other.thing")
        let running = Task { try await ReactorRunner(log: log, registry: registry, logger: Logger(label: "test")).run(reactor) }
        await Self.eventually("three entries are registered") { registry.statuses().count == 3 }
        let before = Dictionary(uniqueKeysWithValues: registry.statuses().map { ($0.name, $0) })
        #expect(before["destination/test"]?.lag == 6)
        #expect(before["test-projection"]?.kind == .projection)
        #expect(before["test-projection"]?.lag == 2)

        let moved = try await registry.moveAll(to: 6)
        #expect(moved == ["destination/test", "test/wanted"])
        #expect(skipped.withLock { $0 } == 6)
        #expect(try log.cursor(of: "destination/test") == 6)
        #expect(try log.cursor(of: "test/wanted") == 6)
        let after = Dictionary(uniqueKeysWithValues: registry.statuses().map { ($0.name, $0) })
        #expect(after["destination/test"]?.lag == 0)
        #expect(after["test-projection"]?.position == 4, "a projection is never moved")
        await #expect(throws: ReactorError.self) { try await registry.moveAll(to: 7) }

        // An acknowledgement older than the move does not undo it.
        try await paced.acknowledge(through: 3)
        #expect(try log.cursor(of: "destination/test") == 6)

        try await Self.append(log, 1, type: "wanted.thing")
        await Self.eventually("the reactor handled the event after the move") { reactor.positions == [7] }
        running.cancel()
        _ = try? await running.value
        await log.close()
    }

    @Test("a cursor that cannot be read stops the reactor loudly instead of starting from 0")
    func anUnreadableCursorRefusesToStart() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let log = try fixture.open()
        try await Self.append(log, 3)
        try await log.setCursor(of: "test/recorder", to: 3)
        // Damage the storage under the running log: the cursors table is gone.
        var db: OpaquePointer?
        #expect(sqlite3_open(fixture.path, &db) == SQLITE_OK)
        #expect(sqlite3_exec(db, "DROP TABLE cursors", nil, nil, nil) == SQLITE_OK)
        sqlite3_close(db)

        let registry = ReactorRegistry(log: log)
        let reactor = RecordingReactor(name: "test/recorder")
        await #expect(throws: ReactorError.self) {
            try await ReactorRunner(log: log, registry: registry, logger: Logger(label: "test")).run(reactor)
        }
        #expect(reactor.positions.isEmpty, "nothing was re-delivered")
        #expect(registry.statuses().isEmpty)
        await log.close()
    }
}
