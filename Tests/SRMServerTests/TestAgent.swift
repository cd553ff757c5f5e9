import Foundation
import Logging
import NIOSSL
import SRMWire
import WSClient

/// A stand-in for the agent in a Callplane server: a WebSocket client over TLS that sends the
/// frames a test gives it and hands back the server's frames in order.
final class TestAgent: Sendable {
    private enum Outgoing: Sendable {
        case text(String)
        case close
    }

    private let received: AsyncStream<SRMServerFrame>
    private let outgoing: AsyncStream<Outgoing>.Continuation
    private let connection: Task<WebSocketCloseFrame?, any Error>

    init(url: String, tls: TLSConfiguration) {
        let (received, receiving) = AsyncStream.makeStream(of: SRMServerFrame.self)
        let (queue, outgoing) = AsyncStream.makeStream(of: Outgoing.self)
        self.received = received
        self.outgoing = outgoing
        connection = Task {
            defer { receiving.finish() }
            // An IP address cannot be a TLS server name (RFC 6066 §3): the certificate's localhost is.
            // Frames as large as the agent in a Callplane server takes them: a relayed request is one frame.
            let configuration = WebSocketClientConfiguration(maxFrameSize: SRMFrameCoding.maximumBytes, sniHostname: "localhost")
            return try await WebSocketClient.connect(
                url: url, configuration: configuration, tlsConfiguration: tls, logger: Logger(label: "test-agent")
            ) { inbound, outbound, _ in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await item in queue {
                            switch item {
                            case .text(let text): try await outbound.writeTextMessage(text)
                            case .close:
                                try await outbound.close(.normalClosure, reason: nil)
                                return
                            }
                        }
                    }
                    for try await message in inbound.messages(maxSize: SRMFrameCoding.maximumBytes) {
                        guard case .text(let text) = message else { continue }
                        receiving.yield(try SRMFrameCoding.decode(SRMServerFrame.self, from: text))
                    }
                    receiving.finish()
                    group.cancelAll()
                }
            }
        }
    }

    func send(_ frame: SRMAgentFrame) {
        outgoing.yield(.text(SRMFrameCoding.encode(frame)))
    }

    /// The server's next frame; nil once the connection ended.
    func next() async -> SRMServerFrame? {
        var iterator = received.makeAsyncIterator()
        return await iterator.next()
    }

    func close() async {
        outgoing.yield(.close)
        _ = try? await connection.value
    }

    /// How the server closed the connection, once it has.
    func closed() async throws -> WebSocketCloseFrame? {
        try await connection.value
    }
}
