/// What a notification session needs before net-snmp opens it, prepared by `send` off the
/// agent's thread: the receiver's address already resolved (net-snmp would call getaddrinfo in
/// `snmp_open`) and, for SNMPv3, its engine already discovered (issue 13, point 10).
struct SessionOpening: Sendable {
    /// net-snmp's transport address, an IP literal: `udp:192.0.2.10:162`, `udp6:[2001:db8::1]:162`.
    var peer: String
    var engine: DiscoveredEngine?
}
