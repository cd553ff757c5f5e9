import AccessControl
import AdminModels
import ControlPlane
import Domain
import EventLog
import Foundation
import HTTPTypes
import Hummingbird

/// An error as the API returns it: `{code, message, details}` with a status that says which
/// kind of rule was broken (malformed JSON 400, validation 422, unknown id 404, conflict and
/// capacity 409).
public struct APIError: Error, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var details: [String: String]
    /// Headers the answer needs, e.g. `Retry-After` on a 429.
    public var headers: HTTPFields = [:]

    public init(status: HTTPResponse.Status, code: String, message: String, details: [String: String] = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
    }

    public init(_ error: DomainError) {
        let status: HTTPResponse.Status =
            switch error.kind {
            case .validation: .unprocessableContent
            case .notFound: .notFound
            case .conflict, .capacityExceeded: .conflict
            }
        self.init(status: status, code: error.code, message: error.message, details: error.details)
    }

    /// 401 when the caller is not (or no longer) logged in; 403 when they are but may not; 429
    /// with `Retry-After` when failed logins are being throttled.
    public init(_ error: AccessDenied) {
        let status: HTTPResponse.Status =
            switch error {
            case .tooManyAttempts: .tooManyRequests
            default: error.isUnauthenticated ? .unauthorized : .forbidden
            }
        self.init(status: status, code: error.code, message: error.description, details: error.details)
        if case .tooManyAttempts(let seconds) = error { headers[.retryAfter] = String(seconds) }
    }

    public init(_ error: EventLogError) {
        switch error {
        case let .versionConflict(stream, expected, actual):
            self.init(
                status: .conflict, code: "version_conflict", message: error.description,
                details: ["stream": stream, "expected": expected.description, "actual": String(actual)])
        case .partialRetry:
            self.init(status: .conflict, code: "partial_retry", message: error.description)
        case .closed:
            self.init(status: .serviceUnavailable, code: "shutting_down", message: "the server is shutting down; nothing was written")
        case .readOnly:
            self.init(status: .serviceUnavailable, code: "read_only", message: error.description)
        default:
            self.init(status: .internalServerError, code: "storage_error", message: error.description)
        }
    }

    /// 503 `log_integrity_unacknowledged`: the log does not match its chain or its witnesses,
    /// and no administrator has acknowledged it yet (issue 13, point 19). Reads go on.
    static func integrityUnacknowledged(_ suspicion: IntegritySuspicion) -> APIError {
        APIError(
            status: .serviceUnavailable, code: "log_integrity_unacknowledged",
            message:
                "writes are refused until an administrator acknowledges the event log's integrity finding (POST /api/v1/audit/integrity/acknowledge): \(suspicion.finding)",
            details: ["finding": suspicion.finding, "head": String(suspicion.head)])
    }

    /// 409 `nothing_to_acknowledge`: the log's integrity is not in doubt.
    static let nothingToAcknowledge = APIError(
        status: .conflict, code: "nothing_to_acknowledge", message: IntegrityRefusal.nothingToAcknowledge.description)

    static func invalid(_ field: String, _ rule: String) -> APIError {
        APIError(status: .unprocessableContent, code: "invalid_field", message: "\(field): \(rule)", details: ["field": field, "rule": rule])
    }

    /// A member the request does not have; `allowed` lists the members it has.
    static func unknownField(_ field: String, allowed: String) -> APIError {
        APIError(
            status: .unprocessableContent, code: "unknown_field", message: "\(field): not a field of this request (\(allowed))",
            details: ["field": field, "rule": "unknown field"])
    }

    static func invalidParameter(_ name: String, _ rule: String) -> APIError {
        APIError(status: .unprocessableContent, code: "invalid_parameter", message: "\(name): \(rule)", details: ["parameter": name, "rule": rule])
    }

    func response() -> Response {
        JSONResponse.make(status, ErrorBody(code: code, message: message, details: details), headers: headers)
    }
}

/// Hummingbird turns a thrown ``APIError`` into its JSON body by itself, even on a path that
/// does not pass through ``APIErrorMiddleware``.
extension APIError: HTTPResponseError {
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response()
    }
}
