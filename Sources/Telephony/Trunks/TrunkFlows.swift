import Domain
import NIOCore
import SIP

/// How the trunks reach a provider (issue 16, point 1): the server's SIP listeners, behind a
/// protocol so the registrar and the B2BUA name no listener and a test can stand in a loopback
/// provider.
public protocol TrunkFlows: Sendable {
    /// The address of `host` (`getaddrinfo`: A and AAAA; RFC 3263's NAPTR and SRV are not
    /// looked up, the administrator enters the host and port the provider names). `nil` when the
    /// name does not resolve.
    func resolve(_ host: String, port: Int) async -> SocketAddress?

    /// The flow to `address` over `transport`: the UDP listener of its family, or a TCP or TLS
    /// connection the server opens (and reuses) — for TLS verifying the certificate against
    /// `serverName` (`nil` for an IP address) and the roots in `caFile` (`nil`: the system's).
    func flow(to address: SocketAddress, over transport: TrunkTransport, serverName: String?, caFile: String?) async throws(TrunkUnreachable)
        -> SIPTarget
}
