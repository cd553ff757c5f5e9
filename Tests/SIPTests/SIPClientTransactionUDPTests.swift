import Glibc
import NIOCore
import Synchronization
import Testing

@testable import SIP

/// The client transaction layer over a real UDP socket on 127.0.0.1: a listener of
/// ``SIPListeners`` carries the layer, and a phone made of a plain socket registers its flow
/// (an OPTIONS here), receives the INVITE sent to that flow and answers it.
@Suite struct SIPClientTransactionUDPTests {
    /// Hands what the listener reads to the layer, which is made once the listener's loop is
    /// known.
    final class Relay: SIPTransportUser {
        let layer = Mutex<SIPServerTransactionLayer?>(nil)
        func received(_ message: SIPMessage, from peer: SIPPeer) { layer.withLock { $0 }?.received(message, from: peer) }
    }

    /// The TU: answers each request 200 and keeps the flow it came over.
    final class User: SIPTransactionUser {
        let peer = Mutex<SIPPeer?>(nil)
        func received(_ request: SIPRequest, in transaction: SIPServerTransaction) {
            peer.withLock { $0 = transaction.peer }
            transaction.respond(SIPResponse(answering: request, status: 200, reason: "OK", toTag: "pbx"))
        }
    }

    /// A UDP socket bound to 127.0.0.1 with a receive time-out.
    struct Phone: ~Copyable {
        let descriptor: Int32
        let port: Int

        init() throws {
            let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
            try #require(descriptor >= 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) } }
            try #require(bound == 0)
            withUnsafeMutablePointer(to: &address) { _ = $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            self.descriptor = descriptor
            self.port = Int(UInt16(bigEndian: address.sin_port))
        }

        deinit { close(descriptor) }

        func send(_ message: SIPMessage, to port: Int) {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(port).bigEndian
            let bytes = Array(message.serialized().readableBytesView)
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(descriptor, bytes, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }

        /// The next datagram, parsed, or `nil` after the time-out.
        func receive() throws -> SIPMessage? {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            let count = recv(descriptor, &buffer, buffer.count, 0)
            guard count > 0 else { return nil }
            return try SIPMessageParser().parse(datagram: buffer[0..<count])
        }
    }

    @Test func anInviteCrossesARealSocketAndItsResponsesComeBackThroughTheTransaction() async throws {
        let relay = Relay()
        let listeners = try await SIPListeners.bind([try SIPListenAddress(parsing: "udp:127.0.0.1:0")], tls: nil, user: relay)
        let user = User()
        let layer = SIPServerTransactionLayer(eventLoop: listeners.eventLoop, user: user)
        relay.layer.withLock { $0 = layer }
        let pbxPort = try #require(listeners.addresses.first?.port)
        let phone = try Phone()

        // The phone's request makes the flow the PBX reaches it by.
        let options = try #require(
            try TransactionMessages.parse([
                "OPTIONS sip:pbx@127.0.0.1 SIP/2.0",
                "Via: SIP/2.0/UDP 127.0.0.1:\(phone.port);branch=z9hG4bKphone1;rport",
                "Max-Forwards: 70", "To: <sip:pbx@127.0.0.1>", "From: <sip:phone@127.0.0.1>;tag=p1",
                "Call-ID: keepalive", "CSeq: 1 OPTIONS", "Content-Length: 0",
            ]).request)
        phone.send(.request(options), to: pbxPort)
        #expect(try phone.receive()?.response?.status == 200)
        let peer = try #require(user.peer.withLock { $0 })

        let events = TransactionLayerHarness.Events()
        let invite = TransactionLayerHarness.withoutVia(try TransactionMessages.invite())
        let transaction = layer.send(invite, to: SIPTarget(peer: peer), events: events.handler)

        let received = try #require(try phone.receive()?.request)
        #expect(received.method == .invite)
        #expect(received == transaction.request)
        let via = try #require(try received.headers.via.first)
        #expect(via.sentBy == "127.0.0.1:\(pbxPort)")

        let ringing = SIPResponse(answering: received, status: 180, reason: "Ringing", toTag: "callee")
        let ok = SIPResponse(answering: received, status: 200, reason: "OK", toTag: "callee")
        phone.send(.response(ringing), to: via.port ?? 5060)
        phone.send(.response(ok), to: via.port ?? 5060)
        try await Self.waitFor { events.summary.count >= 2 }
        #expect(events.summary == ["180", "200"])
        phone.send(.response(ok), to: via.port ?? 5060)
        try await Self.waitFor { events.summary.count >= 3 }
        #expect(events.summary == ["180", "200", "200"])

        var ack = invite
        ack.method = .ack
        ack.headers.replaceOrAdd(.cseq, "314159 ACK")
        layer.sendStateless(ack, to: SIPTarget(peer: peer))
        let acknowledged = try #require(try phone.receive()?.request)
        #expect(acknowledged.method == .ack)
        #expect(try acknowledged.headers.via.first?.branch != via.branch)

        await listeners.close()
    }

    private static func waitFor(_ condition: () -> Bool) async throws {
        for _ in 0..<500 where !condition() {
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
