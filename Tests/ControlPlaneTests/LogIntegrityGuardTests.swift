import CSQLite
import ControlPlane
import Domain
import EventLog
import Foundation
import Logging
import Testing

/// Snapshots that do not match the log are refused and the state is replayed (issue 13, point
/// 18); a tampered or cut-off log is found at start, raises the alarm and refuses writes until
/// acknowledged (point 19).
@Suite struct LogIntegrityGuardTests {
    private struct Fixture {
        let directory: URL
        let path: String
        let key = LogIntegrityKey(secret: [UInt8](repeating: 3, count: 32))
        let sealing: SecretBox
        let clock = VirtualWallClock(startingAt: 1_767_225_600_000_000)

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("callplane-integrity-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            path = directory.appendingPathComponent("callplane.sqlite").path
            sealing = try SecretBox(key: SecretBox.generateKey())
        }

        func open() throws -> EventLog { try EventLog.open(path: path, clock: clock, integrityKey: key) }

        func guarding(_ log: EventLog) -> LogIntegrityGuard {
            LogIntegrityGuard(log: log, witnessFile: WitnessFile(dataDirectory: directory.path), clock: clock, logger: Logger(label: "test"))
        }

        /// 30 users created, a snapshot at 30, then 5 renames: head 35.
        func populate() async throws -> SystemState {
            let log = try open()
            let projection = try StateProjection(log: log, snapshotInterval: 0, logger: Logger(label: "test"))
            let follower = Task { await projection.run() }
            let pipeline = CommandPipeline(log: log, state: projection.current.state, sealing: sealing)
            let origin = CommandOrigin(actor: "tester", source: "test")
            for number in 300..<330 {
                _ = try await pipeline.execute(.createUser(User(number: String(number), name: "User \(number)")), origin: origin)
            }
            await projection.waitUntil(position: 30)
            await projection.saveSnapshot()
            for number in 300..<305 {
                _ = try await pipeline.execute(.updateUser(number: String(number), UserPatch(name: "Renamed \(number)")), origin: origin)
            }
            await projection.waitUntil(position: 35)
            let state = projection.current.state
            try await guarding(log).checkAtStart()
            follower.cancel()
            await log.close()
            return state
        }

        func sql(_ text: String) throws {
            var handle: OpaquePointer?
            guard sqlite3_open(path, &handle) == SQLITE_OK else { throw CocoaError(.fileReadUnknown) }
            defer { sqlite3_close(handle) }
            guard sqlite3_exec(handle, text, nil, nil, nil) == SQLITE_OK else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: String(cString: sqlite3_errmsg(handle))])
            }
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    @Test func aForgedStateSnapshotIsRefusedAndTheLogIsReplayed() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let live = try await fixture.populate()
        // What the review did: change a name inside the snapshot while the server is stopped.
        var forged = live
        forged.users["310"]?.name = "Forged"
        try fixture.sql("UPDATE snapshots SET state = X'\(Hexadecimal.lowercase(forged.canonicalEncoding()))'")

        let log = try fixture.open()
        let projection = try StateProjection(log: log, snapshotInterval: 0, logger: Logger(label: "test"))
        #expect(projection.startup.snapshotPosition == nil)
        #expect(projection.startup.replayedEvents == 35)
        #expect(projection.current.state.users["310"]?.name == "User 310")
        #expect(projection.current.state.stateHash() == live.stateHash())
        #expect(try await fixture.guarding(log).checkAtStart().snapshots.map(\.verdict) == [.forged])
        await log.close()
    }

    @Test func aSnapshotAheadOfACutLogIsRefusedAndTheStartRefusesWrites() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        _ = try await fixture.populate()
        try fixture.sql("DELETE FROM events WHERE position > 28")

        let log = try fixture.open()
        let projection = try StateProjection(log: log, snapshotInterval: 0, logger: Logger(label: "test"))
        #expect(projection.startup.snapshotPosition == nil, "the snapshot at 30 is ahead of the head 28")
        #expect(projection.current.position == 28)
        #expect(projection.current.state.users.count == 28)
        let integrity = fixture.guarding(log)
        let report = try await integrity.checkAtStart()
        #expect(report.truncation?.witness == 35, "the highest witness: the verified mark and the witness file at 35")
        #expect(integrity.suspicion?.finding.hasPrefix("truncated: head 28, witness 35") == true)
        await log.close()
    }

    @Test func aTamperedEventIsFoundAtStartRaisesTheAlarmAndNeedsAnAcknowledgement() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        _ = try await fixture.populate()
        // After the verified point: a user created later, renamed in the stored event.
        var log = try fixture.open()
        var projection = try StateProjection(log: log, snapshotInterval: 0, logger: Logger(label: "test"))
        var pipeline = CommandPipeline(log: log, state: projection.current.state, sealing: fixture.sealing)
        _ = try await pipeline.execute(.createUser(User(number: "200", name: "Late")), origin: CommandOrigin(actor: "tester", source: "test"))
        await log.close()
        try fixture.sql("UPDATE events SET payload = replace(payload, 'Late', 'Evil') WHERE position = 36")

        log = try fixture.open()
        let integrity = fixture.guarding(log)
        let report = try await integrity.checkAtStart()
        #expect(report.chain == .broken(position: 36, reason: "stored hash does not match the event's content and the previous hash"))
        let suspicion = try #require(integrity.suspicion)
        #expect(suspicion.finding.hasPrefix("chain broken at position 36"))

        projection = try StateProjection(log: log, snapshotInterval: 0, logger: Logger(label: "test"))
        let follower = Task { await projection.run() }
        pipeline = CommandPipeline(log: log, state: projection.current.state, sealing: fixture.sealing)
        try await integrity.raiseAlarm(pipeline: pipeline)
        await projection.waitUntil(position: log.head)
        let active = projection.current.state.eventMessages.active.values
        #expect(active.contains { $0.type == EventCatalogue.Key.logIntegrityViolated && $0.severity == .critical })

        let admin = CommandOrigin(actor: "admin", source: "127.0.0.1/http")
        let (acknowledged, position) = try await integrity.acknowledge(origin: admin, pipeline: pipeline)
        #expect(acknowledged == suspicion)
        #expect(integrity.suspicion == nil)
        let record = try #require(try log.read(after: position - 1, limit: 1).first)
        #expect(record.actor == "admin" && record.source == "127.0.0.1/http")
        #expect(record.payload.contains(EventCatalogue.Key.logIntegrityAcknowledged))
        await projection.waitUntil(position: position)
        #expect(!projection.current.state.eventMessages.active.values.contains { $0.type == EventCatalogue.Key.logIntegrityViolated })
        await #expect(throws: IntegrityRefusal.nothingToAcknowledge) { _ = try await integrity.acknowledge(origin: admin, pipeline: pipeline) }
        follower.cancel()
        await log.close()

        // Acknowledged: the log as it stood is the new verified point, so the next start is quiet.
        log = try fixture.open()
        let next = fixture.guarding(log)
        try await next.checkAtStart()
        #expect(next.suspicion == nil)
        await log.close()
    }

    @Test func aSoundLogMovesTheWitnessFileToItsHead() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        _ = try await fixture.populate()
        let witness = try #require(WitnessFile(dataDirectory: fixture.directory.path).read())
        #expect(witness.position == 35)
        #expect(witness.isAuthentic(under: fixture.key))
    }
}
