/// Why a ``TonePlayer`` could not be opened or could not play.
public enum TonePlayerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The socket could not be bound to `host:port` (port 0: any free port).
    case bind(host: String, port: Int, reason: String)
    /// The port is bound by another socket.
    case portTaken(host: String, port: Int)
    /// Every port of the configured RTP range is taken.
    case rtpPortsExhausted(host: String, ports: ClosedRange<Int>)
    /// A player sends one tone and then closes its socket; this one already did, or was closed.
    case closed

    public var description: String {
        switch self {
        case .bind(let host, let port, let reason): "rtp_bind_failed: \(host):\(port): \(reason)"
        case .portTaken(let host, let port): "rtp_port_taken: \(host):\(port) is bound by another socket"
        case .rtpPortsExhausted(let host, let ports): "rtp_ports_exhausted: no free port on \(host) from \(ports.lowerBound) to \(ports.upperBound)"
        case .closed: "tone_player_closed: a tone player plays one tone and then closes its socket"
        }
    }
}
