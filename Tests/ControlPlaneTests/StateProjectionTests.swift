import ControlPlane
import Domain
import EventLog
import Foundation
import Logging
import Testing

@Suite struct StateProjectionTests {
    /// Start-up from a snapshot plus the tail gives the same state as replaying everything.
    @Test func snapshotPlusTailEqualsFullReplay() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("callplane-projection-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("callplane.sqlite").path
        let sealing = try SecretBox(key: SecretBox.generateKey())
        let origin = CommandOrigin(actor: "tester", source: "test")
        let key = LogIntegrityKey(secret: SecretBox.generateKey())

        let log = try EventLog.open(path: path, integrityKey: key)
        let projection = try StateProjection(log: log, snapshotInterval: 0, logger: Logger(label: "test"))
        let follower = Task { await projection.run() }
        let pipeline = CommandPipeline(log: log, state: projection.current.state, sealing: sealing)
        for number in 200..<230 {
            _ = try await pipeline.execute(.createUser(User(number: String(number), name: "User \(number)")), origin: origin)
        }
        await projection.waitUntil(position: 30)
        await projection.saveSnapshot()
        for number in 200..<210 {
            _ = try await pipeline.execute(.updateUser(number: String(number), UserPatch(name: "Renamed \(number)")), origin: origin)
        }
        let outcome = try await pipeline.execute(.deleteUser(number: "229"), origin: origin)
        await projection.waitUntil(position: outcome.position)
        let liveHash = projection.current.state.stateHash()
        follower.cancel()
        await log.close()

        let reopened = try EventLog.open(path: path, integrityKey: key)
        let fromSnapshot = try StateProjection(log: reopened, snapshotInterval: 0, logger: Logger(label: "test"))
        let fromNothing = try StateProjection(log: reopened, snapshotInterval: 0, ignoreSnapshots: true, logger: Logger(label: "test"))
        #expect(fromSnapshot.startup.snapshotPosition == 30)
        #expect(fromSnapshot.startup.replayedEvents == 11)
        #expect(fromNothing.startup.replayedEvents == 41)
        #expect(fromSnapshot.current.state.stateHash() == liveHash)
        #expect(fromNothing.current.state.stateHash() == liveHash)
        #expect(fromSnapshot.current.state.users["205"]?.name == "Renamed 205")
        await reopened.close()
    }

    /// A replay from nothing gives the live state whichever way it splits the work: a log that
    /// is mostly event messages replays in two lanes (``SystemState/ReplayLane``), one of users
    /// only or with a few event messages on one fold; the lanes cross chunk boundaries (more
    /// than 2,048 rows) and interleave, an event table changed half-way included.
    @Test(arguments: [(3_000, 40, true), (0, 400, false), (200, 600, false)])
    func fullReplayEqualsTheLiveStateWithOrWithoutLanes(occurrences: Int, users: Int, inLanes: Bool) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("callplane-lanes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("callplane.sqlite").path
        let origin = CommandOrigin(actor: "tester", source: "test")
        let log = try EventLog.open(path: path)
        let projection = try StateProjection(log: log, snapshotInterval: 0, logger: Logger(label: "test"))
        let follower = Task { await projection.run() }
        let pipeline = CommandPipeline(log: log, state: projection.current.state, sealing: try SecretBox(key: SecretBox.generateKey()))
        var position: Int64 = 0
        for index in 0..<max(occurrences, users) {
            if index < users {
                position = try await pipeline.execute(.createUser(User(number: String(200 + index), name: "User \(index)")), origin: origin).position
            }
            if index < occurrences {
                let request = EventMessageRequest(type: "malfunction", parameters: ["errorId": String(index % 7)], at: Int64(index) * 1_000_000)
                position = try await pipeline.execute(.raiseEventMessage(request), origin: origin).position
            }
            if index == occurrences / 2, occurrences > 0 {
                position = try await pipeline.execute(
                    .setEventFilters(table: 2, filters: ["malfunction": .custom(frequency: 3, periodHours: 1)]), origin: origin
                ).position
            }
        }
        await projection.waitUntil(position: position)
        let live = projection.current.state
        follower.cancel()

        var replayed = SystemState()
        #expect(try StateProjection.replay(log, after: 0, into: &replayed) == position)
        #expect(replayed == live)
        #expect(replayed.stateHash() == live.stateHash())
        let lanes = SystemState.replaysFasterInLanes(sample: try log.sampleTypes(after: 0, through: log.head, count: 256))
        #expect(lanes == inLanes, "the mix decides the lanes")
        await log.close()
    }
}
