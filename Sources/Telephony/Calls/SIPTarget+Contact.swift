import NIOCore
import SIP

extension SIPTarget {
    /// Where requests to a phone go over `peer`'s flow when its Contact is `contact`.
    ///
    /// On a connection there is no choice. On UDP, a phone behind a NAT writes an address in
    /// its Contact that cannot be reached, so the datagram goes to the source its requests came
    /// from (RFC 3581's symmetric response routing, applied to requests); a phone whose Contact
    /// names the very address its requests come from is not behind a NAT, and its Contact's port
    /// is used — it may listen on another port than it sends from, and a registration made on
    /// its behalf from another socket of the same host then reaches it.
    public static func phone(over peer: SIPPeer, contact: SIPAddrSpec) -> SIPTarget {
        guard peer.transport == .udp, let uri = contact.sipURI, let source = peer.remoteAddress.ipAddress else { return SIPTarget(peer: peer) }
        let host: String
        switch uri.host {
        case .ipv4(let address): host = address
        case .ipv6(let address): host = address
        case .hostname: return SIPTarget(peer: peer)
        }
        guard host == source, let address = try? SocketAddress(ipAddress: host, port: uri.port ?? 5060) else { return SIPTarget(peer: peer) }
        return SIPTarget(peer: peer, address: address)
    }
}
