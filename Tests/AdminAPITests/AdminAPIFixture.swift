import AccessControl
import AdminAPI
import ControlPlane
import Domain
import EventLog
import EventMessages
import Foundation
import Logging

/// A real AdminAPI over a real log in a temporary directory.
struct AdminAPIFixture {
    let directory: URL
    let log: EventLog
    let projection: StateProjection
    let pipeline: CommandPipeline
    let api: AdminAPI
    let access: UserAccessControl
    let sealing: SecretBox
    let follower: Task<Void, Never>

    /// The first-start password is replaced by this one in ``administratorToken()``.
    static let administratorPassword = "Fixture-Pass.1"

    /// `clock`, `registrations`, `dosBlackList` and `activeCalls` stand in for the call core: a virtual clock
    /// and fixed bindings and blocks, so the live views are checked at explicit instants.
    init(
        sealing: SecretBox? = nil, destinationPlugins: SignalDestinationPlugins = SignalDestinationPlugins(), clock: any WallClock = SystemWallClock(),
        registrations: @escaping @Sendable () -> [RegistrationBinding] = { [] }, dosBlackList: @escaping @Sendable () -> [String: Int64] = { [:] },
        activeCalls: @escaping @Sendable () -> ActiveCalls = { ActiveCalls() }
    ) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("callplane-api-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        log = try EventLog.open(path: directory.appendingPathComponent("callplane.sqlite").path)
        projection = try StateProjection(log: log, snapshotInterval: 0, logger: Logger(label: "test"))
        self.sealing = try sealing ?? SecretBox(key: SecretBox.generateKey())
        let sealing = self.sealing
        pipeline = CommandPipeline(log: log, state: projection.current.state, sealing: sealing)
        // A cheap hash cost: these tests check rules, not the hash's strength.
        access = UserAccessControl(
            pipeline: pipeline, projection: projection, clock: SystemWallClock(), sealing: sealing,
            hasher: PasswordHasher(cost: ScryptCost(logN: 4)), logger: Logger(label: "test"))
        // The delivery engine answers the destinations' status and sends test messages; it is
        // not run, so no batch is delivered here.
        var quiet = Logger(label: "test")
        quiet.logLevel = .error
        let engine = try DeliveryEngine(
            log: log, registry: ReactorRegistry(log: log), projection: projection, pipeline: pipeline, clock: SystemWallClock(),
            adapterKinds: destinationPlugins.adapterKinds, makeAdapter: destinationPlugins.adapterFactory, logger: quiet)
        api = AdminAPI(
            log: log, pipeline: pipeline, projection: projection, feed: EventFeed(), access: access, metricsText: { "" }, isReady: { true },
            deliveryStatus: { engine.statuses(state: $0, position: $1) }, deliverTest: { await engine.deliverTest($0, isRetry: $1) },
            destinationPlugins: destinationPlugins, clock: clock, registrations: registrations, dosBlackList: dosBlackList, activeCalls: activeCalls)
        let projection = projection
        follower = Task { await projection.run() }
    }

    /// Creates `admin` as a first start does, replaces its default password and returns a
    /// session token of the Administrator profile.
    func administratorToken() async throws -> String {
        try await access.bootstrapIfNeeded()
        await projection.waitUntil(position: log.head)
        let first = try await access.login(name: "admin", password: "password", interface: "api", address: "127.0.0.1")
        _ = try await access.setPassword(
            of: "admin", to: Self.administratorPassword, currentPassword: "password",
            by: first, origin: CommandOrigin(actor: "admin", source: "test"))
        return try await access.login(name: "admin", password: Self.administratorPassword, interface: "api", address: "127.0.0.1").token
    }

    func tearDown() async {
        follower.cancel()
        await log.close()
        try? FileManager.default.removeItem(at: directory)
    }
}
