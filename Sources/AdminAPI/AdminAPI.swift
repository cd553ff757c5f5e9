import AdminModels
import AccessControl
import ControlPlane
import Domain
import EventLog
import EventMessages
import Foundation
import HTTPTypes
import Hummingbird

/// The HTTP administration interface: configuration (users, terminals, identity), the state and
/// its hash, the event log and its live feed, health and metrics. Its contract is
/// `openapi.yaml` in this module.
///
/// Every route declares the right it needs (``AdminRoute/right``); all but health, readiness,
/// metrics and the login need a session (manual §5.3), and every event records the account as
/// its actor with the peer's address as its source.
public struct AdminAPI: Sendable {
    let log: EventLog
    let pipeline: CommandPipeline
    let projection: StateProjection
    let feed: EventFeed
    let metricsText: @Sendable () -> String
    let isReady: @Sendable () -> Bool
    /// Each destination's delivery, as of a state folded to a position.
    let deliveryStatus: @Sendable (SystemState, Int64) -> [DestinationDeliveryStatus]
    /// Sends a test event message straight to its destination, or tells a retried request what
    /// happened the first time (issue 13, point 1).
    let deliverTest: @Sendable (EventMessageDelivery, _ isRetry: Bool) async -> TestMessageOutcome
    /// Every reactor and projection with its position and lag (`GET /api/v1/reactors`).
    let reactorStatus: @Sendable () -> [ReactorStatus]
    /// The destination kinds' plug-ins: what settings a destination takes and shows.
    let destinationPlugins: SignalDestinationPlugins
    /// Stamps simulated event messages; the log's own clock.
    let clock: any WallClock
    /// The registrar's live bindings (`GET /api/v1/registrations`); none until the call core
    /// hands them over.
    let registrations: @Sendable () -> [RegistrationBinding]
    /// Each SIP account's registration with its provider (`GET /api/v1/trunks/registrations`).
    let trunkRegistrations: @Sendable () -> [TrunkRegistrationStatus]
    /// The channels the call core has in use now: `sip_access_channels` (calls over the trunks)
    /// and `voip_channels` (two per relayed call).
    let channelsInUse: @Sendable () -> [CapacityLimit: Int]
    /// The DoS black list now: blocked address → end of its block (µs since the epoch).
    let dosBlackList: @Sendable () -> [String: Int64]
    /// The calls open in the log, from the call projection (`GET /api/v1/calls`, the capacity's
    /// `simultaneous_calls`); none until the B2BUA records calls.
    let activeCalls: @Sendable () -> ActiveCalls
    /// The alarm server interface now (docs/atas.md, "Status"); off in tests without one.
    let atasStatus: @Sendable () async -> ATASStatusView
    /// The SRM agent's connection now (docs/srm.md); off in tests without one.
    let srmConnection: @Sendable () async -> SRMConnectionView
    /// Set only when the server runs on virtual time (integration tests).
    let virtualClock: VirtualWallClock?
    /// Logins, sessions and the rights check of every route.
    let access: UserAccessControl
    /// Holds the log to its chain and witnesses; while it is in doubt, administrative writes are
    /// answered 503 (issue 13, point 19). `nil` in tests that need no integrity checks.
    let integrity: LogIntegrityGuard?
    /// The archives of manual §5.6.4; `nil` in tests without a data directory.
    let backups: (any DataBackupOperations)?
    /// Stages a first start (manual §5.6.3.2) and restarts the server; `nil` in tests without one.
    let firstStart: (@Sendable (CommandOrigin) async throws -> FirstStartView)?
    /// The users and terminals lists, rendered once per position (up to 1,200 of each).
    let userList = PositionCache<[UInt8]>()
    let terminalList = PositionCache<[UInt8]>()

    public init(
        log: EventLog, pipeline: CommandPipeline, projection: StateProjection, feed: EventFeed, access: UserAccessControl,
        metricsText: @escaping @Sendable () -> String, isReady: @escaping @Sendable () -> Bool,
        deliveryStatus: @escaping @Sendable (SystemState, Int64) -> [DestinationDeliveryStatus] = { _, _ in [] },
        deliverTest: @escaping @Sendable (EventMessageDelivery, _ isRetry: Bool) async -> TestMessageOutcome = { _, _ in .unknown },
        reactorStatus: @escaping @Sendable () -> [ReactorStatus] = { [] },
        destinationPlugins: SignalDestinationPlugins = SignalDestinationPlugins(),
        clock: any WallClock = SystemWallClock(), virtualClock: VirtualWallClock? = nil,
        integrity: LogIntegrityGuard? = nil, backups: (any DataBackupOperations)? = nil,
        firstStart: (@Sendable (CommandOrigin) async throws -> FirstStartView)? = nil,
        registrations: @escaping @Sendable () -> [RegistrationBinding] = { [] },
        trunkRegistrations: @escaping @Sendable () -> [TrunkRegistrationStatus] = { [] },
        channelsInUse: @escaping @Sendable () -> [CapacityLimit: Int] = { [:] },
        dosBlackList: @escaping @Sendable () -> [String: Int64] = { [:] },
        activeCalls: @escaping @Sendable () -> ActiveCalls = { ActiveCalls() },
        atasStatus: @escaping @Sendable () async -> ATASStatusView = { ATASStatusView(listening: nil, link: "down", alarmServer: nil, lastAcknowledged: nil) },
        srmConnection: @escaping @Sendable () async -> SRMConnectionView = { .off }
    ) {
        self.activeCalls = activeCalls
        self.atasStatus = atasStatus
        self.srmConnection = srmConnection
        self.integrity = integrity
        self.backups = backups
        self.firstStart = firstStart
        self.registrations = registrations
        self.trunkRegistrations = trunkRegistrations
        self.channelsInUse = channelsInUse
        self.dosBlackList = dosBlackList
        self.deliveryStatus = deliveryStatus
        self.deliverTest = deliverTest
        self.reactorStatus = reactorStatus
        self.destinationPlugins = destinationPlugins
        self.access = access
        self.clock = clock
        self.virtualClock = virtualClock
        self.log = log
        self.pipeline = pipeline
        self.projection = projection
        self.feed = feed
        self.metricsText = metricsText
        self.isReady = isReady
    }

    /// Every operation the API serves.
    public var routes: [AdminRoute] {
        [
            AdminRoute(.get, "/health", .public, health),
            AdminRoute(.get, "/ready", .public, ready),
            AdminRoute(.get, "/metrics", .public, metrics),
            AdminRoute(.get, "/api/v1/state", .area(.system, .read), stateSummary),
            AdminRoute(.get, "/api/v1/state/hash", .area(.system, .read), stateHash),
            AdminRoute(.get, "/api/v1/capacity", .area(.system, .read), capacity),
            AdminRoute(.get, "/api/v1/reactors", .area(.system, .read), listReactors),
            AdminRoute(.get, "/api/v1/system/identity", .area(.system, .read), getIdentity),
            AdminRoute(.put, "/api/v1/system/identity", .area(.system, .write), putIdentity),
            AdminRoute(.get, "/api/v1/users", .area(.users, .read), listUsers),
            AdminRoute(.post, "/api/v1/users", .area(.users, .write), createUser),
            AdminRoute(.get, "/api/v1/users/export", .area(.users, .read), exportUsers),
            AdminRoute(.post, "/api/v1/users/import", .area(.users, .write), importUsers),
            AdminRoute(.get, "/api/v1/users/{number}", .area(.users, .read), getUser),
            AdminRoute(.put, "/api/v1/users/{number}", .area(.users, .write), updateUser),
            AdminRoute(.delete, "/api/v1/users/{number}", .area(.users, .write), deleteUser),
            AdminRoute(.get, "/api/v1/users/{number}/telephony", .area(.users, .read), getUserTelephony),
            AdminRoute(.patch, "/api/v1/users/{number}/telephony", .area(.users, .write), patchUserTelephony),
            AdminRoute(.get, "/api/v1/message-groups", .area(.users, .read), listMessageGroups),
            AdminRoute(.get, "/api/v1/message-groups/{group}", .area(.users, .read), getMessageGroup),
            AdminRoute(.put, "/api/v1/message-groups/{group}", .area(.users, .write), putMessageGroup),
            AdminRoute(.delete, "/api/v1/message-groups/{group}", .area(.users, .write), deleteMessageGroup),
            AdminRoute(.get, "/api/v1/terminals", .area(.terminals, .read), listTerminals),
            AdminRoute(.post, "/api/v1/terminals", .area(.terminals, .write), createTerminal),
            AdminRoute(.get, "/api/v1/terminals/export", .area(.terminals, .read), exportTerminals),
            AdminRoute(.post, "/api/v1/terminals/import", .area(.terminals, .write), importTerminals),
            AdminRoute(.get, "/api/v1/terminals/{id}", .area(.terminals, .read), getTerminal),
            AdminRoute(.patch, "/api/v1/terminals/{id}", .area(.terminals, .write), updateTerminal),
            AdminRoute(.delete, "/api/v1/terminals/{id}", .area(.terminals, .write), deleteTerminal),
            AdminRoute(.get, "/api/v1/registrations", .area(.terminals, .read), listRegistrations),
            AdminRoute(.get, "/api/v1/calls", .area(.terminals, .read), listCalls),
            AdminRoute(.get, "/api/v1/calls/history", .area(.terminals, .read), callHistory),
            AdminRoute(.get, "/api/v1/events", .area(.audit, .read), listEvents),
            AdminRoute(.get, "/api/v1/events/feed", .area(.audit, .read), eventFeed),
            AdminRoute(.get, "/api/v1/events/{position}", .area(.audit, .read), getEvent),
            AdminRoute(.get, "/api/v1/event-types", .area(.eventMessages, .read), listEventTypes),
            AdminRoute(.get, "/api/v1/event-types/{key}", .area(.eventMessages, .read), getEventType),
            AdminRoute(.get, "/api/v1/event-tables/{table}", .area(.eventMessages, .read), getEventTable),
            AdminRoute(.patch, "/api/v1/event-tables/{table}", .area(.eventMessages, .write), patchEventTable),
            AdminRoute(.get, "/api/v1/destinations", .area(.eventMessages, .read), listDestinations),
            AdminRoute(.get, "/api/v1/destinations/{destination}", .area(.eventMessages, .read), getDestination),
            AdminRoute(.patch, "/api/v1/destinations/{destination}", .area(.eventMessages, .write), patchDestination),
            AdminRoute(.post, "/api/v1/destinations/{destination}/test", .area(.eventMessages, .write), testDestination),
            AdminRoute(.put, "/api/v1/destination-kinds/{kind}", .area(.eventMessages, .write), putDestinationKind),
            AdminRoute(.post, "/api/v1/event-messages", .area(.eventMessages, .write), raiseEventMessage),
            AdminRoute(.get, "/api/v1/event-messages/active", .area(.eventMessages, .read), listActiveEventMessages),
            AdminRoute(.post, "/api/v1/event-messages/active/{messageNumber}/confirm", .area(.eventMessages, .write), confirmEventMessage),
            AdminRoute(.get, "/api/v1/event-messages/status", .area(.eventMessages, .read), systemStatus),
            AdminRoute(.get, "/api/v1/event-messages/feed", .area(.eventMessages, .read), eventMessageFeed),
            AdminRoute(.get, "/api/v1/event-messages/log", .area(.eventMessages, .read), eventLogView),
            AdminRoute(.get, "/api/v1/event-messages/power-failures", .area(.eventMessages, .read), powerFailureView),
            AdminRoute(.post, "/api/v1/clock/advance", .area(.maintenance, .write), advanceClock),
            AdminRoute(.post, "/api/v1/session", .public, login),
            AdminRoute(.get, "/api/v1/session", .authenticated, getSession),
            AdminRoute(.delete, "/api/v1/session", .authenticated, logout),
            AdminRoute(.get, "/api/v1/accounts", .area(.userAccessControl, .read), listAccounts),
            AdminRoute(.post, "/api/v1/accounts", .area(.userAccessControl, .write), createAccount),
            AdminRoute(.get, "/api/v1/accounts/{name}", .area(.userAccessControl, .read), getAccount),
            AdminRoute(.patch, "/api/v1/accounts/{name}", .area(.userAccessControl, .write), updateAccount),
            AdminRoute(.delete, "/api/v1/accounts/{name}", .area(.userAccessControl, .write), deleteAccount),
            AdminRoute(.put, "/api/v1/accounts/{name}/password", .authenticated, setAccountPassword),
            AdminRoute(.get, "/api/v1/accounts/{name}/access-log", .area(.userAccessControl, .read), accessLog),
            AdminRoute(.get, "/api/v1/profiles", .area(.userAccessControl, .read), listProfiles),
            AdminRoute(.post, "/api/v1/profiles", .area(.userAccessControl, .write), createProfile),
            AdminRoute(.get, "/api/v1/profiles/{id}", .area(.userAccessControl, .read), getProfile),
            AdminRoute(.put, "/api/v1/profiles/{id}", .area(.userAccessControl, .write), updateProfile),
            AdminRoute(.delete, "/api/v1/profiles/{id}", .area(.userAccessControl, .write), deleteProfile),
            AdminRoute(.get, "/api/v1/access-control/settings", .area(.userAccessControl, .read), getAccessControlSettings),
            AdminRoute(.patch, "/api/v1/access-control/settings", .area(.userAccessControl, .write), patchAccessControlSettings),
            AdminRoute(.get, "/api/v1/remote-maintenance", .area(.maintenance, .read), getRemoteMaintenance),
            AdminRoute(.put, "/api/v1/remote-maintenance", .area(.maintenance, .write), putRemoteMaintenance),
            AdminRoute(.post, "/api/v1/system/first-start", .area(.maintenance, .write), startFirst),
            AdminRoute(.get, "/api/v1/backup/settings", .area(.maintenance, .read), getBackupSettings),
            AdminRoute(.put, "/api/v1/backup/settings", .area(.maintenance, .write), putBackupSettings),
            AdminRoute(.get, "/api/v1/srm", .area(.maintenance, .read), getSRMSettings),
            AdminRoute(.put, "/api/v1/srm", .area(.maintenance, .write), putSRMSettings),
            AdminRoute(.post, "/api/v1/backup/distribution/test", .area(.maintenance, .write), testBackupDistribution),
            AdminRoute(.get, "/api/v1/backups", .area(.maintenance, .read), listBackups),
            AdminRoute(.post, "/api/v1/backups", .area(.maintenance, .write), createBackup),
            // Write, not read: the archive carries the system's key (sealed with the passphrase).
            AdminRoute(.get, "/api/v1/backups/{folder}/{name}", .area(.maintenance, .write), downloadBackup),
            AdminRoute(.delete, "/api/v1/backups/{folder}/{name}", .area(.maintenance, .write), deleteBackup),
            AdminRoute(.post, "/api/v1/backups/{folder}/{name}/restore", .area(.maintenance, .write), restoreBackup),
            AdminRoute(.get, "/api/v1/snmp/agent", .area(.system, .read), getSNMPAgent),
            AdminRoute(.put, "/api/v1/snmp/agent", .area(.system, .write), putSNMPAgent),
            AdminRoute(.get, "/api/v1/tls/certificate", .area(.system, .read), getTLSCertificate),
            AdminRoute(.put, "/api/v1/tls/certificate", .area(.system, .write), putTLSCertificate),
            AdminRoute(.get, "/api/v1/sip/dos-protection", .area(.system, .read), getDoSProtection),
            AdminRoute(.put, "/api/v1/sip/dos-protection", .area(.system, .write), putDoSProtection),
            AdminRoute(.get, "/api/v1/emergency-numbers", .area(.system, .read), getEmergencyNumbers),
            AdminRoute(.put, "/api/v1/emergency-numbers", .area(.system, .write), putEmergencyNumbers),
            AdminRoute(.get, "/api/v1/media/relay", .area(.system, .read), getMediaRelay),
            AdminRoute(.put, "/api/v1/media/relay", .area(.system, .write), putMediaRelay),
            AdminRoute(.get, "/api/v1/email/smtp", .area(.eventMessages, .read), getSMTPServer),
            AdminRoute(.put, "/api/v1/email/smtp", .area(.eventMessages, .write), putSMTPServer),
            AdminRoute(.get, "/api/v1/atas", .area(.eventMessages, .read), getATASStatus),
            AdminRoute(.get, "/api/v1/trunks/providers", .area(.system, .read), listSIPProviders),
            AdminRoute(.get, "/api/v1/trunks/providers/{provider}", .area(.system, .read), getSIPProvider),
            AdminRoute(.put, "/api/v1/trunks/providers/{provider}", .area(.system, .write), putSIPProvider),
            AdminRoute(.delete, "/api/v1/trunks/providers/{provider}", .area(.system, .write), deleteSIPProvider),
            AdminRoute(.get, "/api/v1/trunks/accounts", .area(.system, .read), listSIPAccounts),
            AdminRoute(.get, "/api/v1/trunks/accounts/{account}", .area(.system, .read), getSIPAccount),
            AdminRoute(.put, "/api/v1/trunks/accounts/{account}", .area(.system, .write), putSIPAccount),
            AdminRoute(.delete, "/api/v1/trunks/accounts/{account}", .area(.system, .write), deleteSIPAccount),
            AdminRoute(.get, "/api/v1/trunks/registrations", .area(.system, .read), listTrunkRegistrations),
            AdminRoute(.get, "/api/v1/trunks/routing", .area(.system, .read), getTrunkRouting),
            AdminRoute(.put, "/api/v1/trunks/routing", .area(.system, .write), putTrunkRouting),
            AdminRoute(.get, "/api/v1/trunks/ddi-plan", .area(.system, .read), getDDIPlan),
            AdminRoute(.put, "/api/v1/trunks/ddi-plan", .area(.system, .write), putDDIPlan),
            AdminRoute(.get, "/api/v1/audit", .area(.audit, .read), auditQuery),
            AdminRoute(.get, "/api/v1/audit/verify", .area(.audit, .read), auditVerify),
            AdminRoute(.get, "/api/v1/audit/integrity", .area(.audit, .read), integrityStatus),
            AdminRoute(.post, "/api/v1/audit/integrity/acknowledge", .area(.system, .write), acknowledgeIntegrity),
        ]
    }

    public func makeRouter() -> Router<AdminRequestContext> {
        let router = Router(context: AdminRequestContext.self)
        router.add(middleware: APIErrorMiddleware(routes: routes))
        for route in routes {
            let access = self.access
            let handler = route.handler
            let right = route.right
            if right == .public {
                router.on(RouterPath(route.routerPath), method: route.method, use: handler)
                continue
            }
            // Every other route checks its token and right before its handler runs (manual §5.3),
            // and a write waits for no decision while the log's integrity is in doubt (issue 13,
            // point 19): only reads, the logout and the acknowledgement itself go on.
            let gated = Self.isGatedWhileInDoubt(route)
            let integrity = self.integrity
            router.on(RouterPath(route.routerPath), method: route.method) { request, context in
                var context = context
                let caller = try await access.authorize(token: Self.sessionToken(request), for: right)
                guard RelayOrigin.admits(sessionSource: caller.session.source, through: context.relay) else { throw AccessDenied.unauthenticated }
                context.caller = caller
                if gated, let suspicion = integrity?.suspicion { throw APIError.integrityUnacknowledged(suspicion) }
                return try await handler(request, context)
            }
        }
        return router
    }

    /// The `openapi.yaml` contract shipped with the module.
    public static var openAPIDocumentURL: URL? {
        Bundle.module.url(forResource: "openapi", withExtension: "yaml")
    }
}
