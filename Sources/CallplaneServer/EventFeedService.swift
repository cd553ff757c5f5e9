import AdminAPI
import ServiceLifecycle

/// Registered after the HTTP server, so it is the first to hear of a graceful shutdown: it marks
/// the server not ready and ends the open SSE feeds, which would otherwise keep the HTTP
/// server's drain waiting for clients that never hang up.
struct EventFeedService: Service {
    let feed: EventFeed
    let readiness: Readiness

    func run() async throws {
        try? await gracefulShutdown()
        readiness.set(false)
        feed.closeAll()
    }
}
