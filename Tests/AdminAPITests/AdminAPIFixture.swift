import AdminAPI
import ControlPlane
import Domain
import EventLog
import Foundation
import Logging

/// A real AdminAPI over a real log in a temporary directory.
struct AdminAPIFixture {
    let directory: URL
    let log: EventLog
    let projection: StateProjection
    let pipeline: CommandPipeline
    let api: AdminAPI
    let follower: Task<Void, Never>

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("callplane-api-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        log = try EventLog.open(path: directory.appendingPathComponent("callplane.sqlite").path)
        projection = try StateProjection(log: log, snapshotInterval: 0, logger: Logger(label: "test"))
        pipeline = CommandPipeline(log: log, state: projection.current.state, sealing: try SecretBox(key: SecretBox.generateKey()))
        api = AdminAPI(log: log, pipeline: pipeline, projection: projection, feed: EventFeed(), metricsText: { "" }, isReady: { true })
        let projection = projection
        follower = Task { await projection.run() }
    }

    func tearDown() async {
        follower.cancel()
        await log.close()
        try? FileManager.default.removeItem(at: directory)
    }
}
