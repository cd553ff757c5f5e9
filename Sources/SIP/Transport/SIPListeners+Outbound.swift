import NIOCore

import Glibc

extension SIPListeners {
    /// A flow to `remote` over this server's UDP listener of the same address family, for
    /// requests the server starts itself (a trunk's REGISTER, issue 16): sent from the
    /// listener's socket, so the answers and the provider's later requests come back to it.
    ///
    /// A listener bound to the wildcard address has no address to name in Via and Contact;
    /// then the flow names the address the kernel would send from towards `remote` (a
    /// connected UDP socket's own address: no packet leaves) with the listener's port.
    /// `nil` when no UDP listener has `remote`'s family.
    public func datagramPeer(to remote: SocketAddress) -> SIPPeer? {
        // `bind` appends each channel with its address, so the two lists pair up.
        for (address, channel) in zip(addresses, channels) where address.transport == .udp {
            guard let local = channel.localAddress, local.protocol == remote.protocol else { continue }
            var named = local
            if let ip = local.ipAddress, ip == "0.0.0.0" || ip == "::", let port = local.port,
                let routed = Self.sourceAddress(towards: remote), let address = try? SocketAddress(ipAddress: routed, port: port)
            {
                named = address
            }
            return SIPPeer(transport: .udp, remoteAddress: remote, localAddress: named, channel: channel)
        }
        return nil
    }

    /// A TCP or TLS connection to `remote` for requests the server starts itself (a trunk set to
    /// TCP or TLS, issue 16): the one already open to it, else a new one (``SIPOutboundConnections``).
    /// Whatever the peer sends back over it — answers, and its own requests — reaches this
    /// listeners' user like a message on an accepted connection.
    ///
    /// - Parameters:
    ///   - serverName: for TLS, the host name the certificate must carry (sent in SNI); `nil` for
    ///     an IP address, which the certificate's IP address entries must then name.
    ///   - caFile: for TLS, a PEM file of the roots to trust instead of the system's.
    /// - Throws: ``SIPConnectionError`` saying why the connection or its handshake failed.
    public func connection(
        to remote: SocketAddress, transport: SIPTransportProtocol, serverName: String? = nil, caFile: String? = nil,
        timeout: TimeAmount = .seconds(10)
    ) async throws(SIPConnectionError) -> SIPPeer {
        guard transport.isReliable else { throw SIPConnectionError(remote: remote, transport: transport, reason: "UDP has no connections") }
        let key = SIPOutboundConnections.Key(
            transport: transport, address: remote.description, serverName: transport == .tls ? serverName : nil,
            caFile: transport == .tls ? caFile : nil)
        return try await outbound.peer(to: remote, key: key, timeout: timeout)
    }

    /// The source IP address the routing table picks for `remote`.
    static func sourceAddress(towards remote: SocketAddress) -> String? {
        let family = remote.protocol == .inet6 ? AF_INET6 : AF_INET
        let descriptor = socket(family, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        defer { _ = Glibc.close(descriptor) }
        let connected = remote.withSockAddr { address, length in connect(descriptor, address, socklen_t(length)) }
        guard connected == 0 else { return nil }
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let named = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else { return nil }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let written: UnsafePointer<CChar>? = withUnsafePointer(to: &storage) { pointer in
            if family == AF_INET6 {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                    var bytes = address.pointee.sin6_addr
                    return inet_ntop(AF_INET6, &bytes, &text, socklen_t(text.count))
                }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                var bytes = address.pointee.sin_addr
                return inet_ntop(AF_INET, &bytes, &text, socklen_t(text.count))
            }
        }
        guard written != nil else { return nil }
        return String(cString: text)
    }
}
