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
/// No authentication yet (the access-control issue adds it); the server binds to loopback by
/// default and every event records actor `anonymous` with the peer's address as its source.
public struct AdminAPI: Sendable {
    let log: EventLog
    let pipeline: CommandPipeline
    let projection: StateProjection
    let feed: EventFeed
    let metricsText: @Sendable () -> String
    let isReady: @Sendable () -> Bool
    let deliveryStatus: @Sendable (SystemState) -> [DestinationDeliveryStatus]
    /// Stamps simulated event messages; the log's own clock.
    let clock: any WallClock
    /// Set only when the server runs on virtual time (integration tests).
    let virtualClock: VirtualWallClock?

    public init(
        log: EventLog, pipeline: CommandPipeline, projection: StateProjection, feed: EventFeed,
        metricsText: @escaping @Sendable () -> String, isReady: @escaping @Sendable () -> Bool,
        deliveryStatus: @escaping @Sendable (SystemState) -> [DestinationDeliveryStatus] = { _ in [] },
        clock: any WallClock = SystemWallClock(), virtualClock: VirtualWallClock? = nil
    ) {
        self.deliveryStatus = deliveryStatus
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
            AdminRoute(.get, "/health", health),
            AdminRoute(.get, "/ready", ready),
            AdminRoute(.get, "/metrics", metrics),
            AdminRoute(.get, "/api/v1/state", stateSummary),
            AdminRoute(.get, "/api/v1/state/hash", stateHash),
            AdminRoute(.get, "/api/v1/capacity", capacity),
            AdminRoute(.get, "/api/v1/system/identity", getIdentity),
            AdminRoute(.put, "/api/v1/system/identity", putIdentity),
            AdminRoute(.get, "/api/v1/users", listUsers),
            AdminRoute(.post, "/api/v1/users", createUser),
            AdminRoute(.get, "/api/v1/users/{number}", getUser),
            AdminRoute(.put, "/api/v1/users/{number}", updateUser),
            AdminRoute(.delete, "/api/v1/users/{number}", deleteUser),
            AdminRoute(.get, "/api/v1/terminals", listTerminals),
            AdminRoute(.post, "/api/v1/terminals", createTerminal),
            AdminRoute(.get, "/api/v1/terminals/{id}", getTerminal),
            AdminRoute(.patch, "/api/v1/terminals/{id}", updateTerminal),
            AdminRoute(.delete, "/api/v1/terminals/{id}", deleteTerminal),
            AdminRoute(.get, "/api/v1/events", listEvents),
            AdminRoute(.get, "/api/v1/events/feed", eventFeed),
            AdminRoute(.get, "/api/v1/events/{position}", getEvent),
            AdminRoute(.get, "/api/v1/event-types", listEventTypes),
            AdminRoute(.get, "/api/v1/event-types/{key}", getEventType),
            AdminRoute(.get, "/api/v1/event-tables/{table}", getEventTable),
            AdminRoute(.patch, "/api/v1/event-tables/{table}", patchEventTable),
            AdminRoute(.get, "/api/v1/destinations", listDestinations),
            AdminRoute(.get, "/api/v1/destinations/{destination}", getDestination),
            AdminRoute(.patch, "/api/v1/destinations/{destination}", patchDestination),
            AdminRoute(.post, "/api/v1/destinations/{destination}/test", testDestination),
            AdminRoute(.put, "/api/v1/destination-kinds/{kind}", putDestinationKind),
            AdminRoute(.post, "/api/v1/event-messages", raiseEventMessage),
            AdminRoute(.get, "/api/v1/event-messages/active", listActiveEventMessages),
            AdminRoute(.post, "/api/v1/event-messages/active/{messageNumber}/confirm", confirmEventMessage),
            AdminRoute(.get, "/api/v1/event-messages/status", systemStatus),
            AdminRoute(.get, "/api/v1/event-messages/feed", eventMessageFeed),
            AdminRoute(.get, "/api/v1/event-messages/log", eventLogView),
            AdminRoute(.get, "/api/v1/event-messages/power-failures", powerFailureView),
            AdminRoute(.post, "/api/v1/clock/advance", advanceClock),
        ]
    }

    public func makeRouter() -> Router<AdminRequestContext> {
        let router = Router(context: AdminRequestContext.self)
        router.add(middleware: APIErrorMiddleware())
        for route in routes {
            router.on(RouterPath(route.routerPath), method: route.method, use: route.handler)
        }
        return router
    }

    /// The `openapi.yaml` contract shipped with the module.
    public static var openAPIDocumentURL: URL? {
        Bundle.module.url(forResource: "openapi", withExtension: "yaml")
    }
}
