import NIOCore
import Testing

@testable import SIP

/// What the server transport does before anything reads a request (RFC 3261 §18.2.1, RFC 3581)
/// and where it sends the answer back (§18.2.2), and how listen addresses are written.
@Suite struct SIPTransportTests {
    static func request(via: String...) throws -> SIPRequest {
        let vias = via.map { "Via: " + $0 + "\r\n" }.joined()
        let text =
            "OPTIONS sip:pbx.example.com SIP/2.0\r\n" + vias
            + "Max-Forwards: 70\r\nFrom: <sip:a@example.com>;tag=1\r\nTo: <sip:pbx.example.com>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n\r\n"
        return try #require(try SIPMessageParser().parse(datagram: Array(text.utf8)).request)
    }

    @Test func receivedIsAddedWhenSentByIsANameOrAnotherAddress() throws {
        let source = try SocketAddress(ipAddress: "192.0.2.7", port: 40_000)
        var named = try Self.request(via: "SIP/2.0/UDP phone.example.com;branch=z9hG4bK1")
        try named.stampReceived(from: source)
        #expect(try named.headers.via[0].received == "192.0.2.7")
        #expect(try named.headers.via[0].rport == nil)

        var other = try Self.request(via: "SIP/2.0/UDP 10.0.0.9:5062;branch=z9hG4bK1")
        try other.stampReceived(from: source)
        #expect(try other.headers.via[0].received == "192.0.2.7")

        var same = try Self.request(via: "SIP/2.0/UDP 192.0.2.7:5062;branch=z9hG4bK1")
        try same.stampReceived(from: source)
        #expect(try same.headers.via[0].received == nil)
        #expect(same.headers.first(.via) == "SIP/2.0/UDP 192.0.2.7:5062;branch=z9hG4bK1")
    }

    /// RFC 3581 §4: an empty rport gets the source port, and received is added even when sent-by
    /// is the source address.
    @Test func rportIsFilledAndReceivedAlwaysAdded() throws {
        let source = try SocketAddress(ipAddress: "192.0.2.7", port: 40_000)
        var request = try Self.request(via: "SIP/2.0/UDP 192.0.2.7:5060;rport;branch=z9hG4bK1")
        try request.stampReceived(from: source)
        let via = try request.headers.via[0]
        #expect(via.rport == 40_000 && via.received == "192.0.2.7" && via.branch == "z9hG4bK1")
    }

    /// Only the top via-parm changes, also when it shares its field with the next one.
    @Test func stampingKeepsEveryOtherViaAsItCame() throws {
        let source = try SocketAddress(ipAddress: "192.0.2.7", port: 40_000)
        var request = try Self.request(
            via: "SIP/2.0/UDP a.example.com;branch=z9hG4bK1 , SIP/2.0/TCP b.example.com;branch=z9hG4bK2", "SIP/2.0/UDP c.example.com")
        try request.stampReceived(from: source)
        let vias = try request.headers.via
        #expect(vias.map(\.sentBy) == ["a.example.com", "b.example.com", "c.example.com"])
        #expect(vias.map(\.received) == ["192.0.2.7", nil, nil])
        #expect(request.headers[.via].dropFirst() == ["SIP/2.0/TCP b.example.com;branch=z9hG4bK2", "SIP/2.0/UDP c.example.com"])
    }

    @Test func responsesGoToReceivedAndRPortOrTheSentByPort() throws {
        let source = try SocketAddress(ipAddress: "192.0.2.7", port: 40_000)
        func destination(_ via: String) throws -> SocketAddress {
            let response = SIPResponse(status: 200, reason: "OK", headers: [.via: via])
            return SIPResponseRouting.destination(of: response, source: source)
        }
        #expect(try destination("SIP/2.0/UDP 10.0.0.9:5062;received=192.0.2.7;rport=40000") == source)
        #expect(try destination("SIP/2.0/UDP 10.0.0.9:5062;received=192.0.2.7") == SocketAddress(ipAddress: "192.0.2.7", port: 5062))
        #expect(try destination("SIP/2.0/UDP phone.example.com;received=192.0.2.7") == SocketAddress(ipAddress: "192.0.2.7", port: 5060))
        #expect(try destination("SIP/2.0/UDP 192.0.2.7:5070") == SocketAddress(ipAddress: "192.0.2.7", port: 5070))
        // A name that was never stamped cannot be routed without DNS: back to the source.
        #expect(try destination("SIP/2.0/UDP phone.example.com") == source)
    }

    @Test func listenAddressesAreReadAndWrittenBack() throws {
        let list = try SIPListenAddress.list(parsing: "udp:127.0.0.1:5060, TCP:0.0.0.0 ,tls:[::1]:5061")
        #expect(
            list == [
                SIPListenAddress(transport: .udp, host: "127.0.0.1", port: 5060),
                SIPListenAddress(transport: .tcp, host: "0.0.0.0", port: 5060),
                SIPListenAddress(transport: .tls, host: "::1", port: 5061),
            ])
        #expect(list.map(\.description) == ["udp:127.0.0.1:5060", "tcp:0.0.0.0:5060", "tls:[::1]:5061"])
        #expect(try SIPListenAddress.list(parsing: "off").isEmpty)
        #expect(try SIPListenAddress(parsing: "tls:pbx.local").port == 5061)
    }

    @Test func malformedListenAddressesNameTheirRule() {
        for (text, rule) in [
            ("sctp:127.0.0.1:5060", "udp, tcp or tls"), ("udp:127.0.0.1:65536", "0 to 65535"), ("udp::5060", "udp, tcp or tls"),
            ("udp:[::1:5060", "closing ]"), ("127.0.0.1:5060", "udp, tcp or tls"), ("udp:127.0.0.1:50x", "0 to 65535"),
        ] {
            #expect {
                _ = try SIPListenAddress(parsing: text)
            } throws: { error in
                (error as? SIPListenAddressError)?.rule.contains(rule) == true
            }
        }
        #expect(throws: SIPListenAddressError.self) { _ = try SIPListenAddress.list(parsing: "udp:127.0.0.1:5060,udp:127.0.0.1:5060") }
    }
}
