import CoreMetrics
import NIOCore

/// How long an admin API connection may take to send a request, and stay open between
/// requests (issue 13, point 17: a connection that never finished its head used to stay open
/// for ever, and enough of them used up the file descriptors).
///
/// Shared by every connection's ``ConnectionDeadlineHandler``; the counters are created once
/// here, since creating a metric asks the factory each time.
struct ConnectionTimeouts: Sendable {
    /// A request's head and body must arrive within this of its first byte (of the connection's
    /// opening, for its first request: the TLS handshake counts).
    var read: TimeAmount
    /// A connection with no request under way is closed after this.
    var idle: TimeAmount
    /// Connections closed because a request did not arrive in time (`reason` `read`) or no
    /// request came (`reason` `idle`).
    let readTimedOut = Counter(label: "callplane_http_connections_timed_out_total", dimensions: [("reason", "read")])
    let idleTimedOut = Counter(label: "callplane_http_connections_timed_out_total", dimensions: [("reason", "idle")])

    init(read: TimeAmount, idle: TimeAmount) {
        self.read = read
        self.idle = idle
    }
}
