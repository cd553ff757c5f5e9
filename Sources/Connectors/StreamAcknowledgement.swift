#if canImport(Glibc)
    import Glibc
#endif
import NIOCore

/// Waits until the collector's TCP has acknowledged every segment a stream sender wrote, so that a
/// batch counts as delivered only once it reached the collector's host (issue 14, point 7).
///
/// RFC 6587 has no receipts, and a finished `write` only means the kernel took the bytes: a
/// collector that hung up just before — its FIN not yet seen — answers them with a reset, and
/// they are gone. Reading Linux's `TCP_INFO` until no segment is unacknowledged turns that case
/// into a refusal, which the delivery engine retries on a new connection (at least once, never
/// lost to a hang-up). The same wait bounds a collector that vanished without a word (a
/// partition, a powered-off host): its batch is refused after `timeout` rather than counted as
/// sent into a connection that TCP will give up on minutes later.
///
/// What it cannot promise: a collector killed while acknowledged bytes sit unread in its socket
/// buffer loses them; only an application-level receipt (RELP) would cover that.
struct StreamAcknowledgement {
    /// Time the collector's TCP has to acknowledge what was written.
    let timeout: TimeAmount
    /// The first checks come at once (on loopback the acknowledgement takes microseconds); the
    /// interval then doubles up to this, which is below Linux's 40 ms delayed-ACK limit.
    let longestInterval: TimeAmount = .milliseconds(8)

    /// Returns once nothing written on `channel`, a TCP connection, is unacknowledged; throws why
    /// not otherwise (reset, closed, timed out).
    func wait(for channel: any Channel) async throws(AcknowledgementFailure) {
        #if os(Linux)
            guard let socket = channel as? any SocketOptionProvider else { return }
            let deadline = NIODeadline.now() + timeout
            var interval = TimeAmount.microseconds(250)
            while true {
                let info: tcp_info
                do {
                    info = try await socket.getTCPInfo().get()
                } catch {
                    // NIO closes the socket when it reads the reset first; the error then only says
                    // the descriptor is gone.
                    throw AcknowledgementFailure(reason: "the connection closed before the collector acknowledged the batch")
                }
                switch Int32(info.tcpi_state) {
                case Int32(TCP_ESTABLISHED), Int32(TCP_CLOSE_WAIT):
                    if info.tcpi_unacked == 0 { return }
                default:
                    throw AcknowledgementFailure(
                        reason: "the collector reset the connection before acknowledging the batch (TCP state \(info.tcpi_state))")
                }
                guard NIODeadline.now() + interval < deadline else {
                    throw AcknowledgementFailure(
                        reason: "the collector acknowledged nothing within \(timeout.nanoseconds / 1_000_000_000) s (\(info.tcpi_unacked) segments outstanding)"
                    )
                }
                try? await Task.sleep(nanoseconds: UInt64(interval.nanoseconds))
                interval = min(interval * 2, longestInterval)
            }
        #endif
    }
}

/// Why a stream's bytes were not acknowledged; the connector turns it into *not available*.
struct AcknowledgementFailure: Error {
    let reason: String
}
