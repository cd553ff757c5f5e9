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
}
