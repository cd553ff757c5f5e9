import ATAS
import AccessControl
import AdminModels
import AdminAPI
import Backup
import Connectors
import ControlPlane
import Domain
import EventLog
import EventMessages
import Foundation
import Hummingbird
import Logging
import NIOPosix
import ServiceLifecycle
import Telephony

/// The composition root: opens the log, rebuilds the state, wires the command pipeline, the
/// projection, the API and the feed, and runs them as one service group until SIGTERM/SIGINT.
///
/// Shutdown runs in reverse order of the services: the feeds end and `/ready` turns 503, the
/// HTTP server drains its requests (each write waits for its durable append), the projection
/// catches up and saves a snapshot, and the log closes after its queue is empty.
public enum CallplaneServer {
    /// How a run ended.
    public enum Termination: Sendable {
        /// Stopped by a signal: the process ends.
        case stopped
        /// Stopped to start again (after a restore staged its swap for the next start).
        case restart
    }

    public static func run(settings: ServerSettings, logger: Logger) async throws -> Termination {
        ServerMetrics.bootstrap()
        try FileManager.default.createDirectory(atPath: settings.dataDirectory, withIntermediateDirectories: true)
        // The data directory is the server's own: owner-only, whatever the umask or an older
        // install left (issue 13, point 20).
        guard chmod(settings.dataDirectory, 0o700) == 0 else {
            throw ServerSettingsError(setting: "dataDirectory", rule: "cannot make \(settings.dataDirectory) owner-only: \(String(cString: strerror(errno)))")
        }
        // One process per data directory, before anything in it is read (DataDirectoryLock).
        let directoryLock = try DataDirectoryLock(dataDirectory: settings.dataDirectory)
        // A restore staged by the API waits for this start to swap its files in, and one killed
        // during its swap left its journal: either is finished before the log is opened, so the
        // server starts on the restored state or the previous one, never a mix (issue 18).
        for move in try DataDirectoryRestore.recover(dataDirectory: settings.dataDirectory) {
            logger.notice("restore: file moved into place", metadata: ["move": "\(move)"])
        }
        let key = try await SecretKeyFile.loadForServer(at: settings.resolvedSecretKeyFile, databasePath: settings.databasePath)
        let sealing = try SecretBox(key: key)

        let started = ContinuousClock.now
        let virtualClock = settings.virtualClock ? VirtualWallClock(startingAt: SystemWallClock().now()) : nil
        let clock: any WallClock = virtualClock ?? SystemWallClock()
        if virtualClock != nil { logger.warning("running on a virtual clock: time moves only through POST /api/v1/clock/advance") }
        let log = try EventLog.open(path: settings.databasePath, clock: clock, integrityKey: LogIntegrityKey(secret: key))
        // Before anything is folded or appended: is the log still the one we last verified, and
        // does it reach every witness of its head? (issue 13, point 19)
        let integrity = LogIntegrityGuard(
            log: log, witnessFile: WitnessFile(dataDirectory: settings.dataDirectory), clock: clock, logger: logger)
        let projection: StateProjection
        do {
            try await integrity.checkAtStart()
            projection = try StateProjection(log: log, snapshotInterval: settings.snapshotInterval, ignoreSnapshots: settings.ignoreSnapshots, logger: logger)
        } catch {
            await log.close()
            throw error
        }
        let startup = projection.startup
        logger.info(
            "state rebuilt",
            metadata: [
                "database": "\(settings.databasePath)",
                "snapshot_position": "\(startup.snapshotPosition.map(String.init) ?? "none")",
                "replayed_events": "\(startup.replayedEvents)",
                "position": "\(startup.position)",
                "duration": "\(ContinuousClock.now - started)",
            ])

        // Telephony facts have their own projections and snapshots (docs/architecture.md, "Two
        // ways into the log"); the registrar and the call recorder append to them.
        let registrations = try FactProjection<ActiveRegistrations>(
            log: log, snapshotInterval: settings.snapshotInterval, ignoreSnapshots: settings.ignoreSnapshots, logger: logger)
        let calls = try FactProjection<ActiveCalls>(
            log: log, snapshotInterval: settings.snapshotInterval, ignoreSnapshots: settings.ignoreSnapshots, logger: logger)
        let facts = FactAppender(log: log, families: FactFamily.telephony)
        let registrar = Registrar(
            realm: "callplane", algorithms: settings.sipDigestAlgorithms, facts: facts,
            sealing: sealing, clock: clock,
            logger: logger)
        let callRecorder = CallRecorder(facts: facts, clock: clock, logger: logger)
        registrar.restore(from: registrations.current.fold, configuration: projection.current.state)
        // Before anything is appended but the ends of calls the previous run left open (they died
        // with it): a SIP port that is taken stops the start having changed nothing else.
        let pipeline = CommandPipeline(log: log, state: projection.current.state, sealing: sealing)
        let callCore = CallCore(
            configuration: { projection.current }, registrar: registrar,
            blackList: DoSBlackList(settings: projection.current.state.dosProtection), clock: clock,
            raise: { request in
                Task { _ = try? await pipeline.execute(.raiseEventMessage(request), origin: CommandOrigin(actor: "system", source: "sip")) }
            },
            execute: { command, origin in
                do {
                    _ = try await pipeline.execute(command, origin: origin)
                    return nil
                } catch {
                    return "\(error)"
                }
            }, logger: logger)
        let sip: SIPService
        // The system's own certificate (issue 15, point 1), followed at each handshake; before
        // the first start has made it, a placeholder that refuses every handshake.
        let certificates = SystemCertificateTLS(current: { projection.current.state.tls.certificate }, sealing: sealing)
        do {
            // Calls the previous run left open in the log are closed before the listeners
            // accept (issue 15, point 4), at the time of its last event: the projection has
            // read to the head and this run has appended nothing yet.
            let lastAlive = try log.event(at: calls.position)?.at ?? clock.now()
            let closed = try await callRecorder.closeOpenCalls(calls.current.fold, lastAlive: lastAlive)
            if closed > 0 { logger.notice("closed the calls the previous run left open", metadata: ["calls": "\(closed)", "cause": "restart"]) }
            let tls =
                settings.sipListen.contains { $0.transport == .tls }
                ? try certificates.serverConfiguration() ?? certificates.placeholderConfiguration(at: clock.now()) : nil
            sip = try await SIPService.start(settings: settings, tls: tls, user: callCore, logger: logger)
        } catch {
            await log.close()
            throw error
        }
        let trunks = TrunkRegistrar(
            signalling: sip.transactions, flows: sip, sealing: sealing, clock: clock,
            raise: { request in
                Task { _ = try? await pipeline.execute(.raiseEventMessage(request), origin: CommandOrigin(actor: "system", source: "trunk")) }
            }, logger: logger)
        callCore.attach(sip.transactions, recorder: callRecorder, trunks: trunks, mediaRelayHost: settings.mediaRelayHost)
        if startup.position > 0 {
            // Manual Tab. 24: "The communication server has been restarted" (not on a first start).
            _ = try await pipeline.execute(
                .raiseEventMessage(EventMessageRequest(type: EventCatalogue.Key.serverRestarted, at: clock.now())),
                origin: CommandOrigin(actor: "system", source: "startup"))
        }
        // After the restart message, so the alarm is the latest news on every destination.
        try await integrity.raiseAlarm(pipeline: pipeline)
        let systemID = try await FirstStartSystemID.ensure(state: projection.current.state, pipeline: pipeline, logger: logger)
        try await SystemCertificate.ensure(
            state: projection.current.state, systemID: systemID, settings: settings, pipeline: pipeline, sealing: sealing, clock: clock,
            logger: logger)
        // The agent's net-snmp also sends the SNMP destinations' notifications.
        let snmpAgent = try SNMPAgentService.start(
            settings: settings, state: projection.current.state, systemID: systemID, sealing: sealing, logger: logger)
        let reactors = ReactorRegistry(log: log)
        try reactors.registerProjection(named: StateProjection.snapshotKind) { projection.position }
        try reactors.registerProjection(named: ActiveRegistrations.snapshotKind) { registrations.position }
        try reactors.registerProjection(named: ActiveCalls.snapshotKind) { calls.position }
        let access = UserAccessControl(
            pipeline: pipeline, projection: projection, clock: clock, sealing: sealing,
            hasher: PasswordHasher(), logger: logger)
        try await access.bootstrapIfNeeded()
        let atas = ATASInterface(
            logon: ATASAccountLogon(access: access), texts: ATASPhoneTexts(callCore: callCore, configuration: { projection.current.state }),
            cycleSeconds: {
                projection.current.state.eventMessages.destinations["atas"]?.settings(ATASSettings.self)?.cycleSeconds
                    ?? ATASSettings.defaultCycleSeconds
            },
            raise: { request in
                Task { _ = try? await pipeline.execute(.raiseEventMessage(request), origin: CommandOrigin(actor: "system", source: "atas")) }
            }, now: { clock.now() }, logger: logger)
        if let address = settings.atasListen {
            let tls = address.tls ? try certificates.serverConfiguration() ?? certificates.placeholderConfiguration(at: clock.now()) : nil
            try await atas.start(address, tls: tls)
        }
        let srmMaintenance = SRMMaintenanceRelay(projection: projection, access: access, logger: logger)
        let srmAgent = SRMAgent(
            configuration: { SRMService.configuration(of: projection.current.state, sealing: sealing) },
            outcomes: SRMConnectionReport(
                raise: { request in
                    Task { _ = try? await pipeline.execute(.raiseEventMessage(request), origin: CommandOrigin(actor: "system", source: "srm")) }
                }, activeFailure: { SRMConnectionReport.activeFailure(in: projection.current.state.eventMessages) }, now: { clock.now() }),
            now: { clock.now() }, logger: logger, maintenance: srmMaintenance)
        let destinationPlugins = SignalDestinationPlugins.standard(
            sealing: sealing, clock: clock, snmpAgent: snmpAgent, callCore: callCore, atas: atas, srm: srmAgent, configuration: { projection.current.state },
            raise: { request in
                Task { _ = try? await pipeline.execute(.raiseEventMessage(request), origin: CommandOrigin(actor: "system", source: "email")) }
            })
        let engine = try DeliveryEngine(
            log: log, registry: reactors, projection: projection, pipeline: pipeline, clock: clock, adapterKinds: destinationPlugins.adapterKinds,
            makeAdapter: destinationPlugins.adapterFactory, logger: logger
        )
        await atas.whenLoggedOn { engine.peerReturned(destination: "atas") }
        await srmAgent.whenConnected { engine.peerReturned(destination: "srm") }
        // What start-up appended (the restart message, the system id, the first-start account) must be in the
        // published state before the server says it is ready.
        let startupHead = log.head
        let feed = EventFeed()
        let readiness = Readiness()
        let raiseAsAutoBackup: @Sendable (EventMessageRequest) async -> Void = { request in
            _ = try? await pipeline.execute(.raiseEventMessage(request), origin: AutoBackupService.origin)
        }
        let restart = ServerRestart()
        let backupAlarm = AutoBackupAlarm(
            raise: raiseAsAutoBackup, activeSteps: { AutoBackupAlarm.activeSteps(in: projection.current.state.eventMessages) },
            now: { clock.now() })
        let distribution = BackupDistribution(
            directory: DataBackupArchives.directory(in: settings.dataDirectory), state: { projection.current.state }, sealing: sealing, alarm: backupAlarm,
            mailOutcomes: EmailOutcomeReport(
                client: EmailOutcomeReport.autoBackupClient, raise: { request in Task { await raiseAsAutoBackup(request) } },
                activeFailure: {
                    EmailOutcomeReport.activeFailure(of: EmailOutcomeReport.autoBackupClient, in: projection.current.state.eventMessages)
                }, now: { clock.now() }),
            clock: clock, logger: logger)
        let backups = DataBackupArchives(
            dataDirectory: settings.dataDirectory, log: log, secretKeyPath: settings.resolvedSecretKeyFile, sealing: sealing,
            settings: { projection.current.state.backupSettings }, clock: clock, distribution: distribution,
            restart: restart)
        let api = AdminAPI(
            log: log, pipeline: pipeline, projection: projection, feed: feed, access: access,
            metricsText: { ServerMetrics.exposition(log: log, reactors: reactors.statuses(), relay: callCore.mediaRelayTotals) },
            isReady: { readiness.isReady },
            deliveryStatus: { engine.statuses(state: $0, position: $1) },
            deliverTest: { await engine.deliverTest($0, isRetry: $1) },
            reactorStatus: { reactors.statuses() }, destinationPlugins: destinationPlugins,
            clock: clock, virtualClock: virtualClock, integrity: integrity, backups: backups,
            firstStart: { origin in
                let copies: [String]
                do {
                    copies = try await restart.staging {
                        try await FirstStart.stage(
                            dataDirectory: settings.dataDirectory, secretKeyPath: settings.resolvedSecretKeyFile, preserving: projection.current.state,
                            requestedBy: origin.actor, source: origin.source, now: clock.nowAsDate())
                    }
                } catch let error as BackupError {
                    throw APIError(status: error == .restorePending ? .conflict : .internalServerError, code: error.code, message: error.description)
                }
                logger.notice("first start staged; restarting", metadata: ["actor": "\(origin.actor)", "source": "\(origin.source)"])
                Task { await restart.request() }
                return FirstStartView(systemId: projection.current.state.identity.systemID, previousLog: copies.map { ($0 as NSString).lastPathComponent })
            },
            registrations: { registrar.registrations() }, trunkRegistrations: { trunks.statuses() }, channelsInUse: { callCore.channelsInUse },
            dosBlackList: { callCore.blockedAddresses() },
            activeCalls: { calls.current.fold },
            atasStatus: { ATASStatusView(await atas.status()) },
            srmConnection: { SRMConnectionView(await srmAgent.status) }
        )
        srmMaintenance.attach(AdminRelay(api: api, logger: logger))
        let app = Application(
            router: api.makeRouter(),
            server: try AdminTransport.server(settings),
            configuration: ApplicationConfiguration(address: .hostname(settings.httpHost, port: settings.httpPort), serverName: "Callplane"),
            onServerRunning: { channel in
                await projection.waitUntil(position: startupHead)
                readiness.set(true)
                logger.info("serving the admin API", metadata: ["address": "\(channel.localAddress?.description ?? "?")"])
            },
            logger: logger
        )
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(service: EventLogService(log: log)),
                    // Stops right before the log closes: its last check sees the final head.
                    .init(service: IntegrityWitnessService(integrity: integrity, pipeline: pipeline, head: { log.head }, logger: logger)),
                    .init(service: StateProjectionService(log: log, projection: projection)),
                    .init(service: FactProjectionService(log: log, projection: registrations)),
                    .init(service: FactProjectionService(log: log, projection: calls)),
                    .init(service: DeliveryEngineService(engine: engine)),
                    .init(service: SessionSweepService(access: access, clock: clock)),
                    .init(service: TLSCertificateExpiryService(pipeline: pipeline, projection: projection, clock: clock, logger: logger)),
                    .init(
                        service: AutoBackupService(
                            archives: backups, distribution: distribution, alarm: backupAlarm, pipeline: pipeline, projection: projection, clock: clock,
                            logger: logger)),
                    .init(
                        service: SNMPAgentService(
                            agent: snmpAgent, projection: projection, sealing: sealing, clock: clock,
                            statuses: { engine.statuses(state: $0, position: $1) },
                            registeredTerminals: { registrar.registeredTerminalCount }, activeCalls: { calls.current.fold.count },
                            channelsInUse: { callCore.channelsInUse })),
                    .init(service: sip),
                    .init(service: CallCoreService(callCore: callCore, registrar: registrar, trunks: trunks, projection: projection, clock: clock)),
                    .init(service: ATASService(interface: atas)),
                    .init(service: SRMService(agent: srmAgent, projection: projection)),
                    .init(service: app),
                    .init(service: EventFeedService(feed: feed, readiness: readiness)),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        restart.onRequest { await group.triggerGracefulShutdown() }
        try await group.run()
        logger.info(restart.isRequested ? "stopped to restart" : "stopped", metadata: ["head": "\(log.head)"])
        withExtendedLifetime(directoryLock) {}
        return restart.isRequested ? .restart : .stopped
    }
}
