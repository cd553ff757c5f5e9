import Foundation
import HTTPTypes
import Hummingbird
import SRMWire

/// The relay (manual §5.2 and §5.4; docs/srm.md, "Maintenance sessions and the relay"): any
/// method on `/relay/SESSION/PATH?QUERY` goes to the system's admin API as `PATH?QUERY`, through
/// the agent's connection, and its answer comes back as it is.
///
/// Only the technician who opened the session may use it, with any of their logins. The SRM
/// server's own credentials never reach the system: `Cookie` and `Authorization` are left out,
/// and the technician's Callplane token travels as `X-Callplane-Authorization`, which the system
/// gets as `Authorization`.
extension SRMServerApplication {
    /// 704 KiB: a request travels base64 (4/3 of its size) in one frame of at most
    /// ``SRMFrameCoding/maximumBytes`` (1 MiB), with room left for its headers.
    static let relayBodyLimit = 3 * (SRMFrameCoding.maximumBytes / 4) - 64 * 1024

    /// Left out of a relayed request: hop-by-hop headers (RFC 9110 §7.6.1), the SRM server's own
    /// credentials, and the length, which the system's server works out again.
    static let unrelayedRequestHeaders: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "host", "cookie", "authorization",
        "proxy-authorization", "content-length",
    ]
    /// Left out of a relayed answer: hop-by-hop headers, the length (Hummingbird sets it), and
    /// cookies — the relay is the SRM server's origin, where a system's cookie does not belong.
    static let unrelayedResponseHeaders: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "content-length", "set-cookie",
        "content-security-policy",
    ]
    /// What carries the technician's Callplane token through the relay.
    static let callplaneAuthorization = "x-callplane-authorization"

    func addRelayRoutes(to router: Router<SRMRequestContext>) {
        for method in [HTTPRequest.Method.get, .head, .post, .put, .patch, .delete, .options] {
            for path in ["/relay/:session", "/relay/:session/**"] {
                router.on(RouterPath(path), method: method) { request, context in try await relay(request, context: context) }
            }
        }
    }

    func relay(_ request: Request, context: SRMRequestContext) async throws -> Response {
        guard let technician = technician(request) else { return try Self.loginRequired() }
        let id = try context.parameters.require("session")
        let prefix = "/relay/\(id)"
        guard request.uri.path.hasPrefix(prefix) else { return try Self.unknownSession(id) }
        var path = String(request.uri.path.dropFirst(prefix.count))
        if path.isEmpty { path = "/" }
        if let query = request.uri.query, !query.isEmpty { path += "?" + query }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > Self.relayBodyLimit {
            return try Self.bodyTooLarge("\(length) bytes")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.relayBodyLimit)
        } catch {
            return try Self.bodyTooLarge("more")
        }
        let answer = await maintenance.relay(
            id, technician: technician, method: request.method.rawValue, path: path, headers: Self.relayedHeaders(request.headers),
            body: Data(buffer: body))
        switch answer {
        case .response(let response):
            return try Self.relayed(response)
        case .unknownSession:
            return try Self.unknownSession(id)
        case .otherTechnician:
            return try Response.error(.forbidden, "maintenance session \(id) was opened by another technician; only they may use it")
        case .tooLarge(let bytes):
            return try Response.error(
                .contentTooLarge,
                "the request makes a frame of \(bytes) bytes; a frame is at most \(SRMFrameCoding.maximumBytes) bytes (SRMFrameCoding.maximumBytes): send fewer or shorter headers"
            )
        case .ended(let reason):
            return try Response.error(.badGateway, "the maintenance session ended before the system answered: \(reason)")
        case .timedOut:
            return try Response.error(.gatewayTimeout, "the system did not answer within \(configuration.maintenanceTimeouts.response)")
        }
    }

    /// The request's headers as the system gets them: ``unrelayedRequestHeaders`` and those the
    /// `Connection` header names left out, `X-Callplane-Authorization` renamed `Authorization`.
    static func relayedHeaders(_ fields: HTTPFields) -> [[String]] {
        let named = Set(fields[values: .connection].flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        var relayed: [[String]] = []
        for field in fields {
            let name = field.name.canonicalName
            if name == callplaneAuthorization {
                relayed.append(["Authorization", field.value])
            } else if !unrelayedRequestHeaders.contains(name) && !named.contains(name) {
                relayed.append([field.name.rawName, field.value])
            }
        }
        return relayed
    }

    /// The system's answer as the technician gets it. It is sandboxed (CSP `sandbox`): it is
    /// served from the SRM server's origin, and a system must not script the technicians' page
    /// or use their SRM login.
    static func relayed(_ response: SRMRelayedResponse) throws -> Response {
        guard (100..<600).contains(response.status), let body = Data(base64Encoded: response.body) else {
            return try Response.error(.badGateway, "the system's answer is not a valid HTTP response (status \(response.status), body base64)")
        }
        var headers = HTTPFields()
        for pair in response.headers where pair.count == 2 {
            guard let name = HTTPField.Name(pair[0]), !unrelayedResponseHeaders.contains(name.canonicalName) else { continue }
            headers.append(HTTPField(name: name, value: pair[1]))
        }
        headers[.contentSecurityPolicy] = "sandbox"
        return Response(status: HTTPResponse.Status(code: response.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    static func unknownSession(_ id: String) throws -> Response {
        try Response.error(.notFound, "no open maintenance session \(id): it ended or was never opened (POST /api/v1/systems/{id}/sessions opens one)")
    }

    static func bodyTooLarge(_ size: String) throws -> Response {
        try Response.error(
            .contentTooLarge,
            "a relayed body is at most \(relayBodyLimit) bytes (704 KiB), this one is \(size): it travels base64 in one frame of at most "
                + "\(SRMFrameCoding.maximumBytes) bytes (SRMFrameCoding.maximumBytes)")
    }
}
