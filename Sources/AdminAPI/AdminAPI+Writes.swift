import AdminModels
import Crypto
import Foundation
import ControlPlane
import Domain
import HTTPTypes
import Hummingbird

extension HTTPField.Name {
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let callplanePosition = HTTPField.Name("Callplane-Position")!
    static let idempotentReplay = HTTPField.Name("Idempotent-Replay")!
    static let lastEventID = HTTPField.Name("Last-Event-ID")!
}

/// How a write asks to be carried out: its concurrency check, its retry key, who and from where,
/// and its body.
///
/// The body is read here, before anything is decided, because an `Idempotency-Key` names one
/// request — its method, path and body (issue 13, point 13): the same request again replays
/// its recorded outcome, anything else sent with the key is refused as
/// `idempotency_key_reused` by the command pipeline.
struct WriteOptions {
    var expectedVersion: Int64?
    var idempotencyKey: IdempotencyKey?
    var origin: CommandOrigin
    /// The request's body, for ``RequestBody`` to decode.
    var body: ByteBuffer

    init(_ request: Request, _ context: AdminRequestContext) async throws {
        // `If-Match: *` only asks that the entity exist, which every update checks anyway.
        if let ifMatch = request.headers[.ifMatch], ifMatch.trimmingCharacters(in: .whitespaces) != "*" {
            let digits = ifMatch.trimmingCharacters(in: .whitespaces)
                .replacingOccurrences(of: "W/", with: "")
                .trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            guard let version = Int64(digits), version >= 0 else {
                throw APIError.invalidParameter("If-Match", "must be the entity's version, e.g. \"3\"")
            }
            expectedVersion = version
        }
        var request = request
        body = try await RequestBody.collect(&request)
        if let key = request.headers[.idempotencyKey] {
            guard let parsed = IdempotencyKey(key) else {
                throw APIError.invalidParameter("Idempotency-Key", "must be 1 to 200 characters")
            }
            var digest = SHA256()
            digest.update(data: Array("\(request.method.rawValue) \(request.uri.path)\n".utf8))
            digest.update(data: Array(body.readableBytesView))
            idempotencyKey = parsed.naming(request: Array(digest.finalize()))
        }
        origin = CommandOrigin(actor: context.actor, source: context.eventSource)
    }
}

extension AdminAPI {
    /// Runs `command`, then waits until the published state contains it, so the response (and
    /// any read after it) shows the write.
    func execute(_ command: Command, _ options: WriteOptions) async throws -> CommandOutcome {
        let outcome = try await pipeline.execute(
            command, origin: options.origin,
            expectedVersion: options.expectedVersion, idempotencyKey: options.idempotencyKey
        )
        await projection.waitUntil(position: outcome.position)
        return outcome
    }

    func writeHeaders(_ outcome: CommandOutcome) -> HTTPFields {
        var headers = HTTPFields()
        headers[.callplanePosition] = String(outcome.position)
        if outcome.isRetry { headers[.idempotentReplay] = "true" }
        return headers
    }

    /// An entity's JSON with its stream's version as `ETag`, which a client sends back as
    /// `If-Match` to change it.
    func entityResponse(_ status: HTTPResponse.Status, _ body: some JSONWritable, version: Int64, headers: HTTPFields = [:]) -> Response {
        JSONResponse.make(status, body, headers: Self.eTagged(headers, version: version))
    }

    private static func eTagged(_ headers: HTTPFields, version: Int64) -> HTTPFields {
        var headers = headers
        headers[.eTag] = "\"\(version)\""
        return headers
    }
}
