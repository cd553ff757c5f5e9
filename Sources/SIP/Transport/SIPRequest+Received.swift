import NIOCore

extension SIPRequest {
    /// Stamps the top Via with where the request really came from, as the server transport must
    /// before anything else reads it (RFC 3261 §18.2.1): `received` when sent-by is a name or an
    /// address other than the source, and — when the client asked with an empty `rport` —
    /// `rport` with the source port and `received` in any case (RFC 3581 §4). Responses then
    /// find their way back through NAT (``SIPResponseRouting``).
    /// - Throws: ``SIPParseError`` when there is no readable Via.
    public mutating func stampReceived(from source: SocketAddress) throws(SIPParseError) {
        guard var via = try headers.via.first else {
            throw SIPParseError(.missingHeader, header: "Via")
        }
        guard let sourceHost = source.ipAddress else { return }
        let sentByMatches: Bool
        switch via.host {
        case .hostname: sentByMatches = false
        case .ipv4(let address), .ipv6(let address):
            sentByMatches = (try? SocketAddress(ipAddress: address, port: 0))?.ipAddress == sourceHost
        }
        var changed = false
        if via.requestsRPort, let port = source.port {
            via.parameters.set("rport", String(port))
            changed = true
        }
        if !sentByMatches || changed {
            via.parameters.set("received", sourceHost)
            changed = true
        }
        guard changed else { return }
        try headers.replaceTopVia(with: via)
    }
}
