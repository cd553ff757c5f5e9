import Domain
import NIOCore
import NIOPosix
import SIP
import Telephony

/// The trunks reach providers through the server's SIP listeners (issue 16, point 1).
extension SIPService: TrunkFlows {
    /// `getaddrinfo` blocks, so it runs on NIO's thread pool.
    func resolve(_ host: String, port: Int) async -> SocketAddress? {
        try? await NIOThreadPool.singleton.runIfActive { try SocketAddress.makeAddressResolvingHost(host, port: port) }
    }

    func flow(to address: SocketAddress, over transport: TrunkTransport, serverName: String?, caFile: String?) async throws(TrunkUnreachable)
        -> SIPTarget
    {
        switch transport {
        case .udp:
            guard let peer = listeners.datagramPeer(to: address) else { throw TrunkUnreachable("no UDP listener to reach \(address)") }
            return SIPTarget(peer: peer)
        case .tcp, .tls:
            do {
                let peer = try await listeners.connection(
                    to: address, transport: transport == .tls ? .tls : .tcp, serverName: serverName, caFile: caFile)
                return SIPTarget(peer: peer)
            } catch {
                throw TrunkUnreachable(error.description)
            }
        }
    }
}
