import AdminModels
import AsyncAlgorithms
import EventLog
import Foundation
import NIOCore
import Synchronization

/// The server-sent-events feed of the log (HTML Living Standard, "Server-sent events").
///
/// Each connection follows its own log subscription. The feed keeps the connections' producer
/// tasks so a graceful shutdown can end them first: an open feed would otherwise hold the HTTP
/// server's drain (and the log's close) until every client hangs up.
public final class EventFeed: Sendable {
    private struct Connections: ~Copyable {
        var closed = false
        var producers: [UUID: Task<Void, Never>] = [:]
    }

    private let connections = Mutex(Connections())

    /// How often an idle feed sends a comment line.
    static let keepAliveInterval = Duration.seconds(15)

    public init() {}

    /// Ends every open feed and refuses new ones; called as the server shuts down.
    public func closeAll() {
        let producers = connections.withLock { connections in
            connections.closed = true
            return Array(connections.producers.values)
        }
        producers.forEach { $0.cancel() }
    }

    /// Streams the events after `after` as SSE messages into `channel` until the client goes,
    /// the feed closes or the log closes. Returns nil when the feed is already closed.
    /// - Parameters:
    ///   - first: sent once before the events (e.g. the current status).
    ///   - render: turns an event into its SSE message(s); the log envelope by default.
    func open(
        log: EventLog, after: Int64, filter: EventFilter, first: ByteBuffer? = nil,
        render: @escaping @Sendable (EventEnvelope) async -> ByteBuffer = { EventFeed.message(for: $0) }
    ) -> (id: UUID, messages: AsyncChannel<ByteBuffer>)? {
        let channel = AsyncChannel<ByteBuffer>()
        let id = UUID()
        return connections.withLock { connections -> (UUID, AsyncChannel<ByteBuffer>)? in
            guard !connections.closed else { return nil }
            connections.producers[id] = Task {
                await channel.send(ByteBuffer(string: "retry: 1000\n\n"))
                if let first { await channel.send(first) }
                await withTaskGroup(of: Void.self) { group in
                    group.addTask {
                        do {
                            for try await event in log.subscribe(after: after, filter: filter) {
                                await channel.send(await render(event))
                            }
                        } catch {}
                    }
                    // A comment line now and then: writing it is how a client that went away
                    // without a word is noticed while the log is quiet.
                    group.addTask {
                        while (try? await Task.sleep(for: Self.keepAliveInterval)) != nil {
                            await channel.send(ByteBuffer(string: ": keep-alive\n\n"))
                        }
                    }
                    await group.next()
                    group.cancelAll()
                }
                channel.finish()
            }
            return (id, channel)
        }
    }

    func release(_ id: UUID) {
        let producer = connections.withLock { $0.producers.removeValue(forKey: id) }
        producer?.cancel()
    }

    /// A named SSE message (`event:` line) with a JSON body; `id:` when it stands for a position.
    static func named(_ name: String, _ body: some JSONWritable, id: Int64? = nil) -> ByteBuffer {
        var buffer = ByteBuffer(string: id.map { "id: \($0)\n" } ?? "")
        buffer.writeString("event: \(name)\ndata: ")
        buffer.writeBytes(body.jsonBytes())
        buffer.writeString("\n\n")
        return buffer
    }

    /// `id:` is the position, so a client's `Last-Event-ID` is where it resumes.
    static func message(for event: EventEnvelope) -> ByteBuffer {
        var buffer = ByteBuffer(string: "id: \(event.position)\ndata: ")
        buffer.writeBytes(EventJSON.bytes(event))
        buffer.writeString("\n\n")
        return buffer
    }
}
