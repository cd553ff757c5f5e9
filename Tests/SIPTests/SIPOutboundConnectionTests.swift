import NIOCore
import Synchronization
import Testing

@testable import SIP

/// Issue 16, point 1: the TCP and TLS connections the server opens to a provider, against a
/// second copy of the SIP stack listening on 127.0.0.1 as the provider: one connection per
/// provider, reused; the provider's own requests come back over it; a closed one is reported and
/// replaced; a refused connect and a failed TLS handshake say why.
@Suite struct SIPOutboundConnectionTests {
    /// Keeps every message read and the flow it came over.
    final class Recorder: SIPTransportUser {
        let received = Mutex<[(SIPMessage, SIPPeer)]>([])
        func received(_ message: SIPMessage, from peer: SIPPeer) { received.withLock { $0.append((message, peer)) } }
        var count: Int { received.withLock { $0.count } }
        var last: (SIPMessage, SIPPeer)? { received.withLock { $0.last } }
    }

    static func options(_ number: Int) throws -> SIPRequest {
        try #require(
            try TransactionMessages.parse([
                "OPTIONS sip:provider@127.0.0.1 SIP/2.0", "Via: SIP/2.0/TCP 127.0.0.1:1;branch=z9hG4bKout\(number)", "Max-Forwards: 70",
                "To: <sip:provider@127.0.0.1>", "From: <sip:pbx@127.0.0.1>;tag=o\(number)", "Call-ID: flow-\(number)", "CSeq: \(number) OPTIONS",
                "Content-Length: 0",
            ]).request)
    }

    static func waitFor(_ condition: () -> Bool) async throws {
        for _ in 0..<500 where !condition() { try await Task.sleep(for: .milliseconds(10)) }
        try #require(condition())
    }

    @Test func aProviderConnectionIsReusedCarriesTheProvidersRequestsBackAndIsReplacedOnceClosed() async throws {
        let provider = Recorder()
        let providerSide = try await SIPListeners.bind([try SIPListenAddress(parsing: "tcp:127.0.0.1:0")], tls: nil, user: provider)
        let system = Recorder()
        let systemSide = try await SIPListeners.bind([try SIPListenAddress(parsing: "udp:127.0.0.1:0")], tls: nil, user: system)
        defer {
            Task {
                await providerSide.close()
                await systemSide.close()
            }
        }
        let address = try SocketAddress(ipAddress: "127.0.0.1", port: try #require(providerSide.addresses.first?.port))

        let first = try await systemSide.connection(to: address, transport: .tcp)
        let again = try await systemSide.connection(to: address, transport: .tcp)
        #expect(first.sharesFlow(with: again), "one connection per provider")
        #expect(first.transport == .tcp && first.remoteAddress == address)

        first.send(try Self.options(1))
        try await Self.waitFor { provider.count == 1 }
        let (reached, providerPeer) = try #require(provider.last)
        #expect(reached.request?.method == .options)
        // The provider answers with a request of its own over the same connection, as it sends
        // a call to a DDI number to the flow the account registered over.
        providerPeer.send(try Self.options(2))
        try await Self.waitFor { system.count == 1 }
        let (back, backPeer) = try #require(system.last)
        #expect(back.request?.headers.first(.callID) == "flow-2")
        #expect(backPeer.transport == .tcp && backPeer.sharesFlow(with: first), "the provider's request came over the server's own connection")

        try await providerPeer.channel.close()
        try await first.closed.get()
        let replacement = try await systemSide.connection(to: address, transport: .tcp)
        #expect(!replacement.sharesFlow(with: first), "a closed connection is replaced")
        replacement.send(try Self.options(3))
        try await Self.waitFor { provider.count == 2 }
    }

    @Test func aRefusedConnectionAndAFailedTLSHandshakeSayWhy() async throws {
        let system = Recorder()
        let systemSide = try await SIPListeners.bind([try SIPListenAddress(parsing: "udp:127.0.0.1:0")], tls: nil, user: system)
        let plain = Recorder()
        let plainSide = try await SIPListeners.bind([try SIPListenAddress(parsing: "tcp:127.0.0.1:0")], tls: nil, user: plain)
        defer {
            Task {
                await plainSide.close()
                await systemSide.close()
            }
        }
        let plainAddress = try SocketAddress(ipAddress: "127.0.0.1", port: try #require(plainSide.addresses.first?.port))

        // Nothing listens on the UDP listener's port over TCP.
        let closedPort = try SocketAddress(ipAddress: "127.0.0.1", port: try #require(systemSide.addresses.first?.port))
        let refused = await #expect(throws: SIPConnectionError.self) { try await systemSide.connection(to: closedPort, transport: .tcp) }
        #expect(refused?.description.contains("refused") == true, "\(String(describing: refused))")

        // A TLS client meeting a plain SIP listener: the handshake fails, within the time-out.
        let started = ContinuousClock.now
        let handshake = await #expect(throws: SIPConnectionError.self) {
            try await systemSide.connection(to: plainAddress, transport: .tls, timeout: .seconds(3))
        }
        #expect(handshake?.transport == .tls)
        // Without the time-out the handshake would wait on the plain listener for good; the bound
        // leaves a loaded machine (the whole suite runs in parallel on 2 cores) 5 s past it.
        #expect(ContinuousClock.now - started < .seconds(8))
        // A CA file that does not exist is named as the settings' fault.
        let unusable = await #expect(throws: SIPConnectionError.self) {
            try await systemSide.connection(to: plainAddress, transport: .tls, caFile: "/nonexistent/ca.pem")
        }
        #expect(unusable?.reason.contains("/nonexistent/ca.pem") == true, "\(String(describing: unusable))")
    }
}
