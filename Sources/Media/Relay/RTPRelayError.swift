/// Why the relay could not open a session for a call.
public enum RTPRelayError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Every RTP/RTCP port pair of the range is in use (by calls, or by other programs).
    case portsExhausted(host: String, ports: ClosedRange<Int>)
    /// A socket could not be bound for a reason other than its port being taken.
    case bind(host: String, port: Int, reason: String)
    /// The relay carries `limit` calls at once (its VoIP channels, two per call) and all are in use.
    case sessionsExhausted(limit: Int)
    /// The relay was shut down.
    case shutDown

    public var description: String {
        switch self {
        case .portsExhausted(let host, let ports):
            "relay_ports_exhausted: no free RTP/RTCP port pair on \(host) from \(ports.lowerBound) to \(ports.upperBound)"
        case .bind(let host, let port, let reason): "relay_bind_failed: \(host):\(port): \(reason)"
        case .sessionsExhausted(let limit): "relay_sessions_exhausted: the relay carries \(limit) calls at once and all are in use"
        case .shutDown: "relay_shut_down: the media relay is stopping"
        }
    }
}
