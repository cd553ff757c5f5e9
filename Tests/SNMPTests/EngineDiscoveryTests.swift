import EventMessages
import Glibc
import Testing

@testable import SNMP

/// The discovery's own time-out, against a receiver that takes the packets and never answers
/// (a socket that nobody reads). The answered case runs against a real snmptrapd in
/// Tests/Integration/test_snmp_notifications.py.
@Suite struct EngineDiscoveryTests {
    @Test("a silent receiver fails as not available after its attempts, each of them sent")
    func silentReceiver() async throws {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                try #require(bind(socket, $0, length) == 0)
                try #require(getsockname(socket, $0, &length) == 0)
            }
        }
        let port = Int(UInt16(bigEndian: address.sin_port))
        let started = ContinuousClock.now
        await #expect(throws: DeliveryFailure.self) {
            try await EngineDiscovery.discover(
                at: try await EngineDiscovery.resolve(host: "127.0.0.1", port: port), timeout: .milliseconds(100), attempts: 3)
        }
        let waited = ContinuousClock.now - started
        // At least the three attempts' time-outs; the upper bound only catches a discovery that
        // never gives up. It is wide because every other suite runs beside it on the 2 cores: with
        // the TLS and certificate suites it took 15 s in one CI run while taking 0.3 s alone.
        #expect(waited >= .milliseconds(300) && waited < .seconds(60), "\(waited)")
        var received = 0
        var buffer = [UInt8](repeating: 0, count: 2048)
        while recv(socket, &buffer, buffer.count, Int32(MSG_DONTWAIT)) > 0 { received += 1 }
        #expect(received == 3, "one request per attempt")
    }

    @Test("a receiver's name is resolved off the agent's thread into net-snmp's address form")
    func resolvesToNetSNMPPeer() async throws {
        let v4 = try await EngineDiscovery.resolve(host: "localhost", port: 162)
        #expect(["udp:127.0.0.1:162", "udp6:[::1]:162"].contains(EngineDiscovery.peer(of: v4)), "\(v4)")
        let v6 = try await EngineDiscovery.resolve(host: "::1", port: 1162)
        #expect(EngineDiscovery.peer(of: v6) == "udp6:[::1]:1162")
        await #expect(throws: DeliveryFailure.self) { try await EngineDiscovery.resolve(host: "no-such-host.invalid", port: 162) }
    }
}
