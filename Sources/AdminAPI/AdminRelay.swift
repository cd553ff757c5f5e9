import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// Hands requests relayed by the SRM server (docs/srm.md, "Remote maintenance") to the admin
/// API's router in-process — the same routes, rights, errors and records as over the socket,
/// with the technician's way in as the peer (``RelayOrigin``). In-process rather than through a
/// loopback connection, so a relayed request cannot pass for a local one.
///
/// A relayed answer is bounded: 30 s and 1 MiB less room for the frame around it, beyond which
/// it is 504 or 502 naming the limit — the live feed, which never ends, is for the local
/// network.
public struct AdminRelay: Sendable {
    private let responder: RouterResponder<AdminRequestContext>
    private let logger: Logger
    public static let timeout: Duration = .seconds(30)
    /// The body of an answer, so its frame (base64, JSON) stays under SRMWire's 1 MiB.
    public static let maximumBodyBytes = 700_000

    public init(api: AdminAPI, logger: Logger) {
        responder = api.makeRouter().buildResponder()
        self.logger = logger
    }

    public struct Answer: Sendable {
        public var status: Int
        public var headers: [(name: String, value: String)]
        public var body: [UInt8]

        public init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
            self.status = status
            self.headers = headers
            self.body = body
        }
    }

    public func respond(method: String, path: String, headers: [(name: String, value: String)], body: [UInt8], origin: RelayOrigin) async -> Answer {
        var fields = HTTPFields()
        for (name, value) in headers {
            guard let field = HTTPField.Name(name) else { continue }
            fields.append(HTTPField(name: field, value: value))
        }
        guard path.hasPrefix("/") else { return Self.problem(400, "relayed_path", "the relayed path must start with /") }
        let request = Request(
            head: HTTPRequest(method: HTTPRequest.Method(method) ?? .get, scheme: "http", authority: "callplane", path: path, headerFields: fields),
            body: HummingbirdCore.RequestBody(buffer: ByteBuffer(bytes: body)))
        let context = AdminRequestContext(relay: origin, logger: logger)
        let responder = self.responder
        return await withTaskGroup(of: Answer?.self) { group in
            group.addTask {
                do {
                    let response = try await responder.respond(to: request, context: context)
                    let collected = CollectedBody(limit: Self.maximumBodyBytes)
                    try await response.body.write(CollectingWriter(collected: collected))
                    return Answer(
                        status: response.status.code, headers: response.headers.map { (name: $0.name.rawName, value: $0.value) }, body: collected.bytes)
                } catch is CollectedBody.TooLarge {
                    return Self.problem(502, "relayed_answer_too_large", "the answer is over \(Self.maximumBodyBytes) bytes, the most the SRM relay carries")
                } catch {
                    return Self.problem(500, "relay_failed", "the relayed request failed: \(error)")
                }
            }
            group.addTask {
                try? await Task.sleep(for: Self.timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
                ?? Self.problem(504, "relayed_answer_timeout", "no answer within 30 s, the most the SRM relay waits (the live feed is for the local network)")
        }
    }

    static func problem(_ status: Int, _ code: String, _ message: String) -> Answer {
        let body = try? JSONSerialization.data(withJSONObject: ["code": code, "message": message], options: [.sortedKeys])
        return Answer(status: status, headers: [(name: "Content-Type", value: "application/json")], body: Array(body ?? Data()))
    }

    /// The bytes a response wrote, up to a limit; shared by reference because writing consumes
    /// the writer.
    final class CollectedBody {
        struct TooLarge: Error {}
        let limit: Int
        var bytes: [UInt8] = []

        init(limit: Int) { self.limit = limit }
    }

    struct CollectingWriter: ResponseBodyWriter {
        let collected: CollectedBody

        mutating func write(_ buffer: ByteBuffer) async throws {
            guard collected.bytes.count + buffer.readableBytes <= collected.limit else { throw CollectedBody.TooLarge() }
            collected.bytes += buffer.readableBytesView
        }

        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}
