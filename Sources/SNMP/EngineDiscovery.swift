import EventMessages
import NIOCore
import NIOPosix

/// Discovers an SNMPv3 receiver's engine on an event loop, never on the agent's thread: a down
/// receiver costs this task its time-outs and nobody else anything (issue 13, point 10).
enum EngineDiscovery {
    /// The receiver's address. getaddrinfo blocks (up to the resolver's time-outs): on NIO's
    /// thread pool, never on a cooperative thread nor on the agent's, where net-snmp's
    /// `snmp_open` would otherwise resolve a host name.
    static func resolve(host: String, port: Int) async throws(DeliveryFailure) -> SocketAddress {
        do {
            return try await NIOThreadPool.singleton.runIfActive { try SocketAddress.makeAddressResolvingHost(host, port: port) }
        } catch {
            throw DeliveryFailure(.notAvailable, "the receiver \(host) could not be resolved: \(error)")
        }
    }

    /// net-snmp's transport address for a resolved receiver (`udp:IP:port`, `udp6:[IP]:port`).
    static func peer(of address: SocketAddress) -> String? {
        guard let ip = address.ipAddress, let port = address.port else { return nil }
        return address.protocol == .inet6 ? "udp6:[\(ip)]:\(port)" : "udp:\(ip):\(port)"
    }

    /// Sends the discovery request `attempts` times, `timeout` apart, and answers the first
    /// Report's engine; fails as a down receiver does (`notAvailable`) when none comes.
    static func discover(at address: SocketAddress, timeout: TimeAmount, attempts: Int) async throws(DeliveryFailure) -> DiscoveredEngine {
        let host = address.ipAddress ?? "\(address)", port = address.port ?? 0
        let eventLoop = MultiThreadedEventLoopGroup.singleton.next()
        let outcome = eventLoop.makePromise(of: DiscoveredEngine?.self)
        let messageID = Int32.random(in: 1...Int32.max)
        let request = EngineDiscoveryMessage.request(messageID: messageID, requestID: Int32.random(in: 1...Int32.max))
        let channel: any Channel
        do {
            channel = try await DatagramBootstrap(group: eventLoop)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            EngineDiscoveryHandler(receiver: address, messageID: messageID, outcome: outcome))
                    }
                }
                .bind(host: address.protocol == .inet6 ? "::" : "0.0.0.0", port: 0).get()
        } catch {
            outcome.succeed(nil)
            throw DeliveryFailure(.notAvailable, "no socket for the engine ID discovery of \(host):\(port): \(error)")
        }
        let resends = (0..<max(attempts, 1)).map { attempt in
            eventLoop.scheduleTask(in: timeout * Int64(attempt)) {
                channel.writeAndFlush(AddressedEnvelope(remoteAddress: address, data: ByteBuffer(bytes: request)), promise: nil)
            }
        }
        let deadline = eventLoop.scheduleTask(in: timeout * Int64(max(attempts, 1))) { channel.close(promise: nil) }
        let engine = try? await outcome.futureResult.get()
        resends.forEach { $0.cancel() }
        deadline.cancel()
        channel.close(promise: nil)
        guard let engine else {
            throw DeliveryFailure(.notAvailable, "the receiver \(host):\(port) did not answer SNMPv3 engine ID discovery")
        }
        return engine
    }
}
