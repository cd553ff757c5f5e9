import NIOCore

/// Where a response travels on UDP (RFC 3261 §18.2.2 with RFC 3581 §4).
///
/// The server transport stamped the request's top Via with `received` (the source address) and,
/// when asked, `rport` (the source port), so the response goes to `received`:`rport`, else
/// `received` and the sent-by port (5060 when none), else the sent-by address itself. A Via the
/// response cannot be routed by (no Via, a sent-by name that was never stamped) falls back to the
/// request's source, which is where a phone behind NAT listens anyway. `maddr` (multicast) is not
/// served: Callplane answers unicast only.
public enum SIPResponseRouting {
    public static func destination(of response: SIPResponse, source: SocketAddress) -> SocketAddress {
        guard let via = try? response.headers.via.first else { return source }
        let port = via.rport ?? via.port ?? SIPTransportProtocol.udp.defaultPort
        let host: String
        if let received = via.received {
            host = received
        } else {
            switch via.host {
            case .ipv4(let address), .ipv6(let address): host = address
            case .hostname: return source
            }
        }
        guard (1...65_535).contains(port), let address = try? SocketAddress(ipAddress: host, port: port) else { return source }
        return address
    }

    /// Where the 400 to a malformed request goes: its Via was copied as it came, never stamped, so
    /// the address is the source's — which is what `received` would have said — and the port
    /// follows the same rules when the Via can be read, else the source port.
    public static func destination(ofUnstamped response: SIPResponse, source: SocketAddress) -> SocketAddress {
        guard let via = try? response.headers.via.first, let host = source.ipAddress else { return source }
        let port = via.requestsRPort ? source.port : via.port ?? SIPTransportProtocol.udp.defaultPort
        guard let port, let address = try? SocketAddress(ipAddress: host, port: port) else { return source }
        return address
    }
}
