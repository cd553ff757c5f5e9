import AccessControl
import Domain
import EventLog
import Foundation
import Hummingbird
import Logging

/// Turns every error into the API's JSON error body, so a client never has to parse an empty
/// or HTML error; a route that does not exist is told apart from an entity that does not.
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Every route's method and path, to tell a path served with other methods (405 with
    /// `Allow`, RFC 9110 §15.5.6) from a path that is not served at all (404).
    let routes: [AdminRoute]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return error.response()
        } catch let error as AccessDenied {
            return APIError(error).response()
        } catch let error as DomainError {
            return APIError(error).response()
        } catch let error as EventLogError {
            let mapped = APIError(error)
            guard mapped.status == .internalServerError else { return mapped.response() }
            return Self.incident(request, context, code: "storage_error", error)
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = routes.filter { $0.matches(path: Substring(request.uri.path)) }.map(\.method.rawValue)
            guard !allowed.isEmpty else {
                return APIError(status: .notFound, code: "route_not_found", message: "no route \(request.method) \(request.uri.path)").response()
            }
            var response = APIError(
                status: .methodNotAllowed, code: "method_not_allowed",
                message: "\(request.method) is not allowed on \(request.uri.path) (allowed: \(allowed.joined(separator: ", ")))",
                details: ["allowed": allowed.joined(separator: ", ")]
            ).response()
            response.headers[.allow] = allowed.joined(separator: ", ")
            return response
        } catch let error as HTTPError where error.status == .methodNotAllowed {
            return APIError(status: .methodNotAllowed, code: "method_not_allowed", message: "\(request.method) is not allowed on \(request.uri.path)")
                .response()
        } catch let error as HTTPError {
            return APIError(status: error.status, code: "http_error", message: error.body ?? error.status.reasonPhrase).response()
        } catch {
            return Self.incident(request, context, code: "internal_error", error)
        }
    }

    /// A failure the client cannot act on: its text (SQLite messages, file paths, type names)
    /// goes to the server's log only, under an incident id the answer carries, so an operator
    /// can find it and an attacker learns nothing about the inside.
    private static func incident(_ request: Request, _ context: Context, code: String, _ error: any Error) -> Response {
        let incident = UUID().uuidString.lowercased()
        context.logger.error(
            "request failed",
            metadata: [
                "path": "\(request.uri.path)", "method": "\(request.method)", "incident": "\(incident)", "error": "\(error)",
            ])
        return APIError(
            status: .internalServerError, code: code,
            message: "the server could not complete the request (incident \(incident); the server's log has the details)",
            details: ["incident": incident]
        ).response()
    }
}
