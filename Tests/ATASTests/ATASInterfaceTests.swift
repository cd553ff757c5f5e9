import Domain
import EventMessages
import Foundation
import Logging
import NIOCore
import NIOPosix
import Synchronization
import Testing

@testable import ATAS

/// The interface over a real loopback connection (plain TCP: TLS is the integration tests'),
/// with a logon that accepts two accounts and a clock the test sets.
@Suite("The ATAS interface: acknowledgements, window, takeover (docs/atas.md)")
struct ATASInterfaceTests {
    struct Logon: ATASLogon {
        func logon(account: String, password: String, address: String) async throws -> String {
            guard ["desk", "other"].contains(account), password == "pw" else { throw ATASProtocolError(.logonRefused, "wrong") }
            return account
        }
    }

    struct NoTexts: ATASTextDelivery {
        func members(ofMessageGroup number: Int) -> [String]? { nil }
        func show(_ text: String, toUser user: String) async -> ATASTextOutcome { .unknownUser }
    }

    /// The members of the server's lines the tests look at.
    struct Line: Decodable, Sendable {
        var type: String
        var id: Int?
        /// An error's code (an event message's numeric code is not kept).
        var code: String?
        var cycleSeconds: Int?

        enum CodingKeys: String, CodingKey { case type, id, code, cycleSeconds }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            type = try container.decode(String.self, forKey: .type)
            id = try container.decodeIfPresent(Int.self, forKey: .id)
            code = try? container.decodeIfPresent(String.self, forKey: .code)
            cycleSeconds = try container.decodeIfPresent(Int.self, forKey: .cycleSeconds)
        }
    }

    final class TestClock: Sendable {
        let value = Mutex<Int64>(1_000_000_000)
        func read() -> Int64 { value.withLock { $0 } }
        func advance(seconds: Int64) { value.withLock { $0 += seconds * 1_000_000 } }
    }

    /// An alarm server: sends lines, reads them into a stream.
    final class Peer: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let lines: AsyncStream<Line>
        let continuation: AsyncStream<Line>.Continuation
        let buffer = Mutex<[UInt8]>([])
        let channel = Mutex<(any Channel)?>(nil)

        init() { (lines, continuation) = AsyncStream.makeStream(of: Line.self) }

        static func connect(_ port: Int) async throws -> Peer {
            let peer = Peer()
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelInitializer { channel in channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(peer) } }
                .connect(host: "127.0.0.1", port: port).get()
            peer.channel.withLock { $0 = channel }
            return peer
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let bytes = Array(unwrapInboundIn(data).readableBytesView)
            let complete = buffer.withLock { buffer -> [[UInt8]] in
                buffer += bytes
                var lines: [[UInt8]] = []
                while let end = buffer.firstIndex(of: 0x0A) {
                    lines.append(Array(buffer[..<end]))
                    buffer.removeFirst(end + 1)
                }
                return lines
            }
            for line in complete {
                if let decoded = try? JSONDecoder().decode(Line.self, from: Data(line)) { continuation.yield(decoded) }
            }
        }

        func channelInactive(context: ChannelHandlerContext) { continuation.finish() }

        func send(_ text: String) {
            channel.withLock { $0 }?.writeAndFlush(ByteBuffer(string: text + "\n"), promise: nil)
        }

        /// The next line of `type`, skipping others into `skipped`.
        func next(_ type: String) async -> Line? {
            for await line in lines where line.type == type { return line }
            return nil
        }
    }

    final class Raised: Sendable {
        let requests = Mutex<[EventMessageRequest]>([])
        var types: [String] { requests.withLock { $0.map(\.type) } }
    }

    let clock = TestClock()

    func makeInterface(_ raised: Raised) async throws -> (ATASInterface, Int) {
        let interface = ATASInterface(
            logon: Logon(), texts: NoTexts(), cycleSeconds: { 10 }, raise: { request in raised.requests.withLock { $0.append(request) } },
            now: { [clock] in clock.read() }, logger: Logger(label: "test.atas"))
        let bound = try await interface.start(ATASListenAddress(tls: false, host: "127.0.0.1", port: 0), tls: nil)
        return (interface, bound.port)
    }

    static func delivery(_ position: Int64) -> EventMessageDelivery {
        EventMessageDelivery(
            position: position,
            message: EventMessage(
                number: position, type: "fan_failure", code: 39, severity: .critical, polarity: .negative, parameters: ["defectiveFan": "2"],
                node: 1, at: 0, simulated: false, tables: [6], destinations: ["atas"]))
    }

    @Test("a batch goes with at most 16 unacknowledged and returns when all are acknowledged; without a logon it fails as not available")
    func windowAndAcknowledgements() async throws {
        let raised = Raised()
        let (interface, port) = try await makeInterface(raised)
        let adapter = ATASDestinationAdapter(interface: interface)
        await #expect(throws: DeliveryFailure(.notAvailable, "no alarm server is logged on at the ATAS interface")) {
            try await adapter.deliver([Self.delivery(1)])
        }
        let peer = try await Peer.connect(port)
        peer.send(#"{"type":"logon","account":"desk","password":"pw"}"#)
        let ok = await peer.next("logon_ok")
        #expect(ok?.cycleSeconds == 10)
        #expect(raised.types == ["atas_connection_established"])
        let delivered = Task { try await adapter.deliver((1...40).map { Self.delivery(Int64($0)) }) }
        var ids: [Int] = []
        var inFlight = 0
        var mostInFlight = 0
        while ids.count < 40, let message = await peer.next("event_message") {
            let id = try #require(message.id)
            ids.append(id)
            inFlight += 1
            mostInFlight = max(mostInFlight, inFlight)
            // The alarm server waits until the window is full before it answers, so a server
            // that sent a 17th would be seen.
            if inFlight == 16 || ids.count == 40 {
                // The interface counts the window as the acknowledgements of the last one come in;
                // a loaded machine may take a moment, so wait (bounded) for the count to settle.
                var shown = await interface.status().alarmServer?.inFlight
                for _ in 0..<100 where shown != inFlight {
                    try await Task.sleep(for: .milliseconds(20))
                    shown = await interface.status().alarmServer?.inFlight
                }
                #expect(shown == inFlight, "nothing more was sent before the acknowledgements")
                for acknowledged in ids.suffix(inFlight) { peer.send(#"{"type":"ack","id":\#(acknowledged)}"#) }
                inFlight = 0
            }
        }
        try await delivered.value
        #expect(ids == Array(1...40))
        #expect(mostInFlight == 16)
        #expect(await interface.status().lastAcknowledged == 40)
        await interface.stop()
    }

    @Test("a batch retried after a broken connection skips what was acknowledged; the same account takes the link over without a new 'established'")
    func retryAndTakeover() async throws {
        let raised = Raised()
        let (interface, port) = try await makeInterface(raised)
        let adapter = ATASDestinationAdapter(interface: interface)
        let first = try await Peer.connect(port)
        first.send(#"{"type":"logon","account":"desk","password":"pw"}"#)
        _ = await first.next("logon_ok")
        let batch = (1...3).map { Self.delivery(Int64($0)) }
        let attempt = Task { try await adapter.deliver(batch) }
        for _ in 1...3 { _ = await first.next("event_message") }
        first.send(#"{"type":"ack","id":1}"#)
        first.send(#"{"type":"ack","id":2}"#)
        try await Task.sleep(for: .milliseconds(100))

        // Another account is refused while desk is logged on.
        let other = try await Peer.connect(port)
        other.send(#"{"type":"logon","account":"other","password":"pw"}"#)
        #expect(await other.next("error")?.code == "already_logged_on")

        // desk again over a new connection: the old one is closed, its waiting batch fails.
        let second = try await Peer.connect(port)
        second.send(#"{"type":"logon","account":"desk","password":"pw"}"#)
        _ = await second.next("logon_ok")
        await #expect(throws: DeliveryFailure.self) { try await attempt.value }
        #expect(await first.next("anything") == nil, "the first connection is closed")
        #expect(raised.types == ["atas_connection_established"], "a takeover raises nothing")

        // The engine retries the batch: only message 3 goes again.
        let retry = Task { try await adapter.deliver(batch) }
        let again = await second.next("event_message")
        #expect(again?.id == 3)
        second.send(#"{"type":"ack","id":3}"#)
        try await retry.value
        second.send(#"{"type":"ack","id":3}"#)
        let error = await second.next("error")
        #expect(error?.code == "unknown_id" && error?.id == 3)
        await interface.stop()
    }

    @Test("a missing cycle signal closes the connection and raises 'Connection lost' cause 1; a logoff raises cause 0")
    func cycleAndLogoff() async throws {
        let raised = Raised()
        let (interface, port) = try await makeInterface(raised)
        let peer = try await Peer.connect(port)
        peer.send(#"{"type":"logon","account":"desk","password":"pw"}"#)
        _ = await peer.next("logon_ok")
        clock.advance(seconds: 14)
        peer.send(#"{"type":"cycle"}"#)
        _ = await peer.next("cycle_ok")
        clock.advance(seconds: 14)
        try await Task.sleep(for: .milliseconds(600))
        #expect(await interface.status().link == "connected", "14 s after the last cycle of a 10 s interval is within 15 s")
        clock.advance(seconds: 1)
        #expect(await peer.next("anything") == nil, "closed after 15 s")
        // The connection closes first, then the message is raised, in one step of the watchdog.
        try await Task.sleep(for: .milliseconds(300))
        #expect(raised.requests.withLock { $0.last } == EventMessageRequest(type: "atas_connection_lost", parameters: ["cause": "1"], at: clock.read()))

        let again = try await Peer.connect(port)
        again.send(#"{"type":"logon","account":"desk","password":"pw"}"#)
        _ = await again.next("logon_ok")
        again.send(#"{"type":"logoff"}"#)
        _ = await again.next("logoff_ok")
        #expect(raised.types == ["atas_connection_established", "atas_connection_lost", "atas_connection_established", "atas_connection_lost"])
        #expect(raised.requests.withLock { $0.last?.parameters } == ["cause": "0"])
        await interface.stop()
    }

    @Test("after a line that ends the connection nothing more is read: a logon behind a malformed line is not taken")
    func nothingReadAfterAClosingError() async throws {
        let (interface, port) = try await makeInterface(Raised())
        let peer = try await Peer.connect(port)
        peer.send("not json\n" + #"{"type":"logon","account":"desk","password":"pw"}"#)
        #expect(await peer.next("error")?.code == "malformed_line")
        #expect(await peer.next("logon_ok") == nil, "closed without a logon")
        #expect(await interface.status().alarmServer == nil)
        await interface.stop()
    }
}
